package dev.javicorn.http;

import dev.javicorn.Handler;
import dev.javicorn.Route;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jetty.util.URIUtil;

/**
 * An app's route table, compiled once into a tree of path segments so that a request is matched
 * with hash lookups, never a regex. Routes without parameters are also kept in one map keyed by
 * the whole path: the common case costs a single lookup.
 *
 * <p>A literal segment beats a {@code {name}} parameter at the same place, and a route that
 * accepts the method beats one that only matches the path (so {@code DELETE /items/new} reaches
 * {@code DELETE /items/{id}} even when {@code GET /items/new} exists). {@code HEAD} is served by the
 * {@code GET} handler where no {@code HEAD} handler is given.
 *
 * <p>Immutable once built; {@link #match} may be called from any thread.
 */
final class Router {
    /** The outcome of matching one request. */
    sealed interface Match permits Found, NotFound, WrongMethod {}

    /** A handler, with the route's parameter names and this request's values in the same order. */
    record Found(Handler handler, String[] names, String[] values) implements Match {
        /** No route: for a request that goes through the app's filters on its way to a 404 or 405. */
        static final Found NOTHING = new Found(null, NONE, NONE);
    }

    record NotFound() implements Match {}

    /** The path matched, the method did not; {@code allow} is the value of the {@code Allow} header. */
    record WrongMethod(String allow) implements Match {}

    private static final NotFound NOT_FOUND = new NotFound();
    private static final String[] NONE = new String[0];

    private record Target(Handler handler, String[] names) {}

    private static final class Node {
        final Map<String, Node> literals = new HashMap<>();
        Node param;
        Map<String, Target> targets;
    }

    private final Node root = new Node();
    private final Map<String, Map<String, Target>> literalPaths = new HashMap<>();
    private int maxParams;

    /** @throws IllegalArgumentException for a malformed {@code {name}} segment or a duplicate route */
    Router(List<Route> routes) {
        for (Route route : routes) {
            add(route);
        }
    }

    private void add(Route route) {
        String[] segments = segments(route.path());
        String[] names = new String[segments.length];
        int params = 0;
        Node node = root;
        for (String segment : segments) {
            if (segment.startsWith("{") && segment.endsWith("}") && segment.length() > 2) {
                String name = segment.substring(1, segment.length() - 1);
                if (name.indexOf('{') >= 0 || name.indexOf('}') >= 0 || Arrays.asList(names).contains(name)) {
                    throw new IllegalArgumentException("bad path parameter '" + segment + "' in route " + route.path());
                }
                names[params++] = name;
                node = node.param == null ? (node.param = new Node()) : node.param;
            } else if (segment.indexOf('{') >= 0 || segment.indexOf('}') >= 0) {
                throw new IllegalArgumentException(
                        "a path parameter must be a whole segment, like /{id}, in route " + route.path());
            } else {
                node = node.literals.computeIfAbsent(segment, s -> new Node());
            }
        }
        if (node.targets == null) {
            node.targets = new HashMap<>();
        }
        Target target = new Target(route.handler(), params == 0 ? NONE : Arrays.copyOf(names, params));
        if (node.targets.putIfAbsent(route.method(), target) != null) {
            throw new IllegalArgumentException("duplicate route: " + route.method() + " " + route.path());
        }
        if (params == 0) {
            literalPaths.put(route.path(), node.targets);
        }
        maxParams = Math.max(maxParams, params);
    }

    /**
     * Matches a path as sent (still percent-encoded, without the root path and query) and an
     * upper-case method. Segments are decoded one by one, so an encoded {@code /} stays inside
     * its segment instead of splitting it.
     *
     * @throws IllegalArgumentException if a segment's percent-encoding is broken
     */
    Match match(String method, String path) {
        Map<String, Target> literal = literalPaths.get(path);
        if (literal != null) {
            Target target = pick(literal, method);
            if (target != null) {
                return new Found(target.handler(), NONE, NONE);
            }
        }
        if (!path.startsWith("/")) {
            return NOT_FOUND;
        }
        if (maxParams > 0) {
            Found found = find(root, method, path, 1, new String[maxParams], 0);
            if (found != null) {
                return found;
            }
        }
        Set<String> allowed = new TreeSet<>();
        collectAllowed(root, path, 1, allowed);
        return allowed.isEmpty() ? NOT_FOUND : new WrongMethod(String.join(", ", allowed));
    }

    private static Found find(Node node, String method, String path, int from, String[] values, int depth) {
        int slash = path.indexOf('/', from);
        String segment = segment(path, from, slash);
        Node literal = node.literals.get(segment);
        if (literal != null) {
            Found found = slash < 0 ? at(literal, method, values, depth) : find(literal, method, path, slash + 1, values, depth);
            if (found != null) {
                return found;
            }
        }
        if (node.param != null && !segment.isEmpty()) {
            values[depth] = segment;
            return slash < 0 ? at(node.param, method, values, depth + 1) : find(node.param, method, path, slash + 1, values, depth + 1);
        }
        return null;
    }

    private static Found at(Node node, String method, String[] values, int count) {
        Target target = node.targets == null ? null : pick(node.targets, method);
        return target == null ? null : new Found(target.handler(), target.names(), Arrays.copyOf(values, count));
    }

    private static Target pick(Map<String, Target> targets, String method) {
        Target target = targets.get(method);
        return target == null && method.equals("HEAD") ? targets.get("GET") : target;
    }

    /** Only on the way to a 404 or 405, so it may be slower than {@link #find}. */
    private static void collectAllowed(Node node, String path, int from, Set<String> allowed) {
        int slash = path.indexOf('/', from);
        String segment = segment(path, from, slash);
        Set<Node> next = new HashSet<>();
        if (node.literals.containsKey(segment)) {
            next.add(node.literals.get(segment));
        }
        if (node.param != null && !segment.isEmpty()) {
            next.add(node.param);
        }
        for (Node child : next) {
            if (slash >= 0) {
                collectAllowed(child, path, slash + 1, allowed);
            } else if (child.targets != null) {
                allowed.addAll(child.targets.keySet());
                if (child.targets.containsKey("GET")) {
                    allowed.add("HEAD");
                }
            }
        }
    }

    private static String segment(String path, int from, int slash) {
        String raw = path.substring(from, slash < 0 ? path.length() : slash);
        return raw.indexOf('%') < 0 ? raw : URIUtil.decodePath(raw);
    }

    /** {@code /} is one empty segment, {@code /a/} is {@code a} then an empty one: as requests split. */
    private static String[] segments(String path) {
        return path.substring(1).split("/", -1);
    }
}
