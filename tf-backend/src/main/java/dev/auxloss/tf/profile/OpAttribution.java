package dev.auxloss.tf.profile;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * Which loss term caused each op of the training graph, and in which {@link Phase}.
 *
 * <p>Names decide where they can: {@code losses/<term>/...} is the term's forward head, {@code
 * vars/heads.<term>.*} its variables, {@code weights_N/<term>_override} its weight. A backward pass
 * seeded by one term's value ({@code gradients_N/OnesLike} reading it: per-term gradients of
 * PCGrad, gating...) belongs to that term entirely. TF names the ops of a shared backward pass
 * {@code gradients_N/Mul_7}, after nothing of the forward graph, so they are attributed through
 * their inputs: a gradient op reads the forward op it differentiates (its inputs or outputs), whose
 * owner it takes; one that reads only upstream gradients ({@code BiasAddGrad}, the {@code AddN}
 * where a head's gradient joins the trunk's) takes theirs. Other ops take the one term their inputs
 * come from. Ops of no single term (the trunk, shared updates) are shared: owner {@code null}.
 */
final class OpAttribution {
  /** The term an op is charged to ({@code null}: shared) and the step part it belongs to. */
  record Owner(String term, Phase phase) {}

  private static final Pattern LOSS = Pattern.compile("^losses/([^/]+)/");

  /**
   * A head variable's ops: {@code vars/heads.<term>.<var>_read} (flat) or {@code
   * vars_N/heads/<term>/...}.
   */
  private static final Pattern HEAD_VAR = Pattern.compile("^vars(?:_\\d+)?/heads[./](.*)$");

  private static final Pattern OVERRIDE = Pattern.compile("^weights(?:_\\d+)?/(.+)_override$");
  private static final Pattern PASS = Pattern.compile("^(gradients(?:_\\d+)?)/");

  private final Map<String, Owner> owners = new HashMap<>();
  private final Map<String, String> scopes;

  /**
   * @param def the training graph
   * @param scopes term name as it appears in op names (sanitised) → term name
   * @param valueOps op name of each term's value → term name
   */
  OpAttribution(GraphDef def, Map<String, String> scopes, Map<String, String> valueOps) {
    this.scopes = Map.copyOf(scopes);
    Map<String, NodeDef> nodes = new HashMap<>();
    for (NodeDef n : def.getNodeList()) nodes.put(n.getName(), n);
    Map<String, String> passTerm = new HashMap<>();
    for (NodeDef n : def.getNodeList()) {
      Matcher m = PASS.matcher(n.getName());
      if (m.find() && n.getName().equals(m.group(1) + "/OnesLike") && n.getInputCount() > 0) {
        String seed = valueOps.get(source(n.getInput(0)));
        if (seed != null) passTerm.put(m.group(1), seed);
      }
    }
    for (NodeDef n : topological(def, nodes)) owners.put(n.getName(), derive(n, nodes, passTerm));
  }

  /** The owner of a node of the executed graph; grappler's and the runtime's new nodes by name. */
  Owner owner(String nodeName) {
    Owner o = owners.get(nodeName);
    if (o != null) return o;
    // Grappler derives new names from old ones ("model/Relu/_0__cf__0",
    // "x/ArithmeticOptimizer/...").
    for (int cut = nodeName.lastIndexOf('/'); cut > 0; cut = nodeName.lastIndexOf('/', cut - 1)) {
      o = owners.get(nodeName.substring(0, cut));
      if (o != null) return o;
    }
    return new Owner(byName(nodeName), Phase.of(nodeName, ""));
  }

  private Owner derive(NodeDef n, Map<String, NodeDef> nodes, Map<String, String> passTerm) {
    String name = n.getName();
    Phase phase = Phase.of(name, n.getOp());
    String named = byName(name);
    if (named != null) return new Owner(named, phase);
    Matcher pass = PASS.matcher(name);
    boolean backward = pass.find();
    if (backward && passTerm.containsKey(pass.group(1)))
      return new Owner(passTerm.get(pass.group(1)), phase);
    Set<String> forward = new HashSet<>();
    Set<String> upstream = new HashSet<>();
    boolean readsForward = false;
    for (String in : n.getInputList()) {
      if (in.startsWith("^")) continue;
      String src = source(in);
      NodeDef s = nodes.get(src);
      Owner o = owners.get(src);
      if (s == null || o == null || s.getOp().equals("Const"))
        continue; // constants belong to no one
      boolean fromBackward = PASS.matcher(src).find();
      if (fromBackward) {
        upstream.add(o.term() == null ? "" : o.term());
      } else {
        readsForward = true;
        forward.add(o.term() == null ? "" : o.term());
      }
    }
    Set<String> decisive;
    if (backward) {
      decisive = readsForward ? forward : upstream;
    } else {
      decisive = new HashSet<>(forward);
      decisive.addAll(upstream);
    }
    decisive.remove(""); // shared inputs do not outvote a term: a head reads the trunk's features
    return new Owner(decisive.size() == 1 ? decisive.iterator().next() : null, phase);
  }

  private String byName(String name) {
    for (Pattern p : List.of(LOSS, OVERRIDE)) {
      Matcher m = p.matcher(name);
      if (m.find() && scopes.containsKey(m.group(1))) return scopes.get(m.group(1));
    }
    Matcher m = HEAD_VAR.matcher(name);
    if (!m.find()) return null;
    // Term names may hold dots: the longest known term the rest of the name starts with.
    String rest = m.group(1);
    String best = null;
    for (String s : scopes.keySet()) {
      if ((rest.startsWith(s + "/") || rest.startsWith(s + "."))
          && (best == null || s.length() > best.length())) best = s;
    }
    return best == null ? null : scopes.get(best);
  }

  private static String source(String input) {
    String s = input.startsWith("^") ? input.substring(1) : input;
    int colon = s.lastIndexOf(':');
    return colon > 0 ? s.substring(0, colon) : s;
  }

  /** Nodes with every data and control input before them (Kahn; the training graph is acyclic). */
  private static List<NodeDef> topological(GraphDef def, Map<String, NodeDef> nodes) {
    Map<String, Integer> pending = new HashMap<>();
    Map<String, List<String>> consumers = new HashMap<>();
    for (NodeDef n : def.getNodeList()) {
      int k = 0;
      for (String in : n.getInputList()) {
        String src = source(in);
        if (!nodes.containsKey(src)) continue;
        k++;
        consumers.computeIfAbsent(src, x -> new ArrayList<>()).add(n.getName());
      }
      pending.put(n.getName(), k);
    }
    Deque<String> ready = new ArrayDeque<>();
    pending.forEach(
        (name, k) -> {
          if (k == 0) ready.add(name);
        });
    List<NodeDef> out = new ArrayList<>();
    while (!ready.isEmpty()) {
      String name = ready.poll();
      out.add(nodes.get(name));
      for (String c : consumers.getOrDefault(name, List.of())) {
        if (pending.merge(c, -1, Integer::sum) == 0) ready.add(c);
      }
    }
    return out;
  }
}
