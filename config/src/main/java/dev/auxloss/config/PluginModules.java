package dev.auxloss.config;

import com.google.inject.Module;
import dev.auxloss.api.params.ConfigError;
import dev.auxloss.api.params.ConfigException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Instantiates the Guice modules a config names in {@code plugin_module}: fully qualified class
 * names loaded from the classpath only. A path or URL is refused (a config must not pull code from
 * elsewhere; put the jar on the classpath instead), as is a class that does not exist, is not a
 * {@link Module} or has no public no-argument constructor. Every problem is reported at once.
 *
 * <pre>{@code
 * PluginModules.load(List.of("com.example.MyLossesModule"), getClass().getClassLoader());
 * }</pre>
 */
public final class PluginModules {
  private static final Pattern CLASS_NAME =
      Pattern.compile("([\\p{L}_$][\\p{L}\\p{N}_$]*\\.)*[\\p{L}_$][\\p{L}\\p{N}_$]*");

  /**
   * Where a plugin's jar goes; the {@code ./auxloss} launcher prepends this variable to the
   * classpath.
   */
  static final String JAR_HINT =
      "put the plugin's jar on the classpath (./auxloss: AUXLOSS_CLASSPATH=path/to/plugin.jar)";

  private PluginModules() {}

  /** One module per name, in order; errors name the field {@code plugin_module[i]}. */
  public static List<Module> load(List<String> classNames, ClassLoader loader) {
    List<Module> modules = new ArrayList<>();
    List<ConfigError> errors = new ArrayList<>();
    for (int i = 0; i < classNames.size(); i++) {
      String name = classNames.get(i).trim();
      String field = "plugin_module[" + i + "]";
      String problem =
          looksLikePathOrUrl(name)
              ? "must be a Guice module class name on the classpath (like com.example.MyLossesModule), "
                  + "found a path or URL '"
                  + name
                  + "'; "
                  + JAR_HINT
              : !CLASS_NAME.matcher(name).matches()
                  ? "must be a Java class name like com.example.MyLossesModule, found '"
                      + name
                      + "'"
                  : null;
      if (problem == null) {
        try {
          modules.add(instantiate(name, loader));
        } catch (IllegalArgumentException e) {
          problem = e.getMessage();
        }
      }
      if (problem != null) errors.add(ConfigError.of(field, problem));
    }
    if (!errors.isEmpty()) throw new ConfigException(errors);
    return modules;
  }

  /**
   * The well-formed class names that cannot be found through {@code loader}: plugins whose jar is
   * missing, which a caller that needs no plugin contributions (export) may leave out.
   */
  public static List<String> notOnClasspath(List<String> classNames, ClassLoader loader) {
    return classNames.stream()
        .map(String::trim)
        .filter(
            n -> !looksLikePathOrUrl(n) && CLASS_NAME.matcher(n).matches() && !loadable(n, loader))
        .toList();
  }

  private static boolean loadable(String name, ClassLoader loader) {
    try {
      Class.forName(name, false, loader);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    } catch (LinkageError e) {
      return true; // there but broken: load() reports it
    }
  }

  static boolean looksLikePathOrUrl(String name) {
    return name.contains("/")
        || name.contains("\\")
        || name.contains(":")
        || name.startsWith("~")
        || name.endsWith(".jar")
        || name.endsWith(".class")
        || name.endsWith(".java");
  }

  /** Java source names a nested class Outer.Inner; the classpath knows it as Outer$Inner. */
  private static String nested(String name, ClassLoader loader) {
    for (int dot = name.lastIndexOf('.'); dot > 0; dot = name.lastIndexOf('.', dot - 1)) {
      String binary = name.substring(0, dot) + name.substring(dot).replace('.', '$');
      try {
        Class.forName(binary, false, loader);
        return "; a nested class is named with '$': did you mean '" + binary + "'?";
      } catch (ClassNotFoundException | LinkageError notThatEither) {
        // try the next dot to the left
      }
    }
    return "";
  }

  private static Module instantiate(String name, ClassLoader loader) {
    Class<?> type;
    try {
      type = Class.forName(name, false, loader);
    } catch (ClassNotFoundException e) {
      String nested = nested(name, loader);
      throw new IllegalArgumentException(
          "class '"
              + name
              + "' is not on the classpath"
              + (nested.isEmpty() ? "; " + JAR_HINT : nested));
    } catch (LinkageError e) {
      throw new IllegalArgumentException(
          "class '"
              + name
              + "' could not be loaded: "
              + ConfigError.reason(e)
              + " (a class it needs is missing from the classpath, or it was built for a newer Java)");
    }
    if (!Module.class.isAssignableFrom(type)) {
      throw new IllegalArgumentException("class '" + name + "' is not a com.google.inject.Module");
    }
    if (Modifier.isAbstract(type.getModifiers())) {
      throw new IllegalArgumentException(
          "class '" + name + "' is abstract; name a concrete module");
    }
    try {
      return (Module) type.getConstructor().newInstance();
    } catch (NoSuchMethodException | IllegalAccessException e) {
      throw new IllegalArgumentException(
          "module '" + name + "' needs a public no-argument constructor");
    } catch (InvocationTargetException e) {
      throw new IllegalArgumentException(
          "module '" + name + "' failed in its constructor: " + ConfigError.reason(e.getCause()));
    } catch (InstantiationException e) {
      throw new IllegalArgumentException(
          "module '" + name + "' cannot be instantiated: " + ConfigError.reason(e));
    }
  }
}
