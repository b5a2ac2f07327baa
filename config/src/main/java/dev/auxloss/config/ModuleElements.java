package dev.auxloss.config;

import com.google.inject.Binding;
import com.google.inject.Module;
import com.google.inject.multibindings.MapBinderBinding;
import com.google.inject.multibindings.MultibinderBinding;
import com.google.inject.multibindings.MultibindingsTargetVisitor;
import com.google.inject.multibindings.OptionalBinderBinding;
import com.google.inject.spi.DefaultBindingTargetVisitor;
import com.google.inject.spi.Element;
import com.google.inject.spi.ElementSource;
import com.google.inject.spi.Elements;
import com.google.inject.spi.InstanceBinding;
import com.google.inject.spi.Message;
import dev.auxloss.api.data.DatasetFactory;
import dev.auxloss.api.loss.LossFactory;
import dev.auxloss.api.model.ModelFactory;
import dev.auxloss.api.params.ConfigError;
import dev.auxloss.api.weighting.WeightingFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each module's recorded bindings ({@link Elements#getElements}), so errors can name the module
 * they come from, which Guice's own messages do not: a {@code configure()} that throws ("module
 * com.example.MyModule failed in configure(): ...") and a loss, model, dataset or strategy key two
 * modules (or one module twice) contribute ("loss key 'x' is contributed by two modules: A and B").
 * The injector is then built from these same elements, so each {@code configure()} runs once.
 */
final class ModuleElements {
  /** What each contributed map holds, as errors name it. */
  private static final Map<Class<?>, String> KINDS =
      Map.of(
          LossFactory.class,
          "loss",
          ModelFactory.class,
          "model",
          DatasetFactory.class,
          "dataset",
          WeightingFactory.class,
          "weighting strategy");

  private final Map<Module, List<Element>> elements = new LinkedHashMap<>();

  ModuleElements(List<Module> modules) {
    for (Module m : modules) elements.put(m, Elements.getElements(m));
  }

  /** The modules as Guice modules again, from their recorded elements. */
  Module asModule() {
    List<Element> all = new ArrayList<>();
    elements.values().forEach(all::addAll);
    return Elements.getModule(all);
  }

  /** A module whose configure() threw, named by its class, under {@code field.apply(module)}. */
  List<ConfigError> failedConfigures(java.util.function.Function<Module, String> field) {
    List<ConfigError> out = new ArrayList<>();
    elements.forEach(
        (m, els) -> {
          for (Element e : els) {
            if (e instanceof Message msg && msg.getCause() != null) {
              out.add(
                  ConfigError.of(
                      field.apply(m),
                      "module "
                          + m.getClass().getName()
                          + " failed in configure(): "
                          + AuxInjector.oneLine(ConfigError.reason(msg.getCause()))));
            }
          }
        });
    return out;
  }

  /** Keys of the four contribution maps bound by two different modules, with both modules named. */
  List<ConfigError> duplicateKeys(java.util.function.Function<Module, String> field) {
    Map<String, Contribution> first = new LinkedHashMap<>();
    List<ConfigError> out = new ArrayList<>();
    elements.forEach(
        (m, els) -> {
          for (Contribution c : contributions(m, els)) {
            Contribution before = first.putIfAbsent(c.kind + " " + c.key, c);
            if (before == null || before.sameAs(c))
              continue; // the same binding reached twice is no conflict
            String by =
                before.module.equals(c.module)
                    ? "twice by module " + c.module
                    : "by two modules: " + before.module + " and " + c.module;
            out.add(
                ConfigError.of(
                    field.apply(m),
                    c.kind
                        + " key '"
                        + c.key
                        + "' is contributed "
                        + by
                        + "; keys are unique, rename one"));
          }
        });
    return out;
  }

  private record Contribution(String kind, Object key, String module, Binding<?> binding) {
    /** The same instance reached twice (a module installed by two others) is no conflict. */
    boolean sameAs(Contribution other) {
      return binding.equals(other.binding)
          || binding instanceof InstanceBinding<?> a
              && other.binding instanceof InstanceBinding<?> b
              && a.getInstance() == b.getInstance();
    }
  }

  private static List<Contribution> contributions(Module m, List<Element> els) {
    List<Contribution> out = new ArrayList<>();
    for (Element e : els) {
      if (!(e instanceof Binding<?> b)) continue;
      b.acceptTargetVisitor(
          new MapVisitor() {
            @Override
            public Object visit(MapBinderBinding<?> map) {
              String kind = KINDS.get(map.getValueTypeLiteral().getRawType());
              if (kind == null) return null;
              for (Map.Entry<?, Binding<?>> entry : map.getEntries(els)) {
                out.add(
                    new Contribution(
                        kind, entry.getKey(), moduleOf(entry.getValue(), m), entry.getValue()));
              }
              return null;
            }
          });
    }
    return out;
  }

  /** The innermost module that made the binding (a module may install others), else {@code m}. */
  private static String moduleOf(Binding<?> b, Module m) {
    if (b.getSource() instanceof ElementSource s && !s.getModuleClassNames().isEmpty()) {
      return s.getModuleClassNames().get(0);
    }
    return m.getClass().getName();
  }

  private abstract static class MapVisitor extends DefaultBindingTargetVisitor<Object, Object>
      implements MultibindingsTargetVisitor<Object, Object> {
    @Override
    public Object visit(MultibinderBinding<?> multibinding) {
      return null;
    }

    @Override
    public Object visit(OptionalBinderBinding<?> optionalbinding) {
      return null;
    }
  }
}
