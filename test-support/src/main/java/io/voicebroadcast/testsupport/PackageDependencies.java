package io.voicebroadcast.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which packages of a module refer to which, read from the source text: every import and every
 * fully qualified name below the module's root package counts, so a dependency cannot hide from
 * the rules behind an inline {@code io.voicebroadcast...} name. A package is the first segment
 * below the root ({@code pipeline/encoder} belongs to {@code pipeline}).
 */
public final class PackageDependencies {

    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+?)(?:\\.\\*)?\\s*;", Pattern.MULTILINE);
    private static final Pattern PACKAGE_LINE = Pattern.compile("^package\\s+[\\w.]+\\s*;", Pattern.MULTILINE);

    /** package -> the packages it refers to -> one file (relative to the root) that does */
    private final Map<String, Map<String, String>> edges = new TreeMap<>();
    /** package -> every name its files import */
    private final Map<String, Set<String>> imports = new TreeMap<>();

    private PackageDependencies() {
    }

    /**
     * @param sourceRoot  e.g. {@code voice-service/src/main/java}
     * @param rootPackage e.g. {@code io.voicebroadcast.voice}
     */
    public static PackageDependencies read(Path sourceRoot, String rootPackage) {
        Path root = sourceRoot.resolve(rootPackage.replace('.', '/'));
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("no sources of " + rootPackage + " under " + sourceRoot);
        }
        Pattern reference = Pattern.compile("\\b" + Pattern.quote(rootPackage + ".") + "([a-z_][a-z0-9_]*)\\.");
        PackageDependencies deps = new PackageDependencies();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Path relative = root.relativize(file);
                if (relative.getNameCount() < 2) {
                    continue; // the application class, beside every package
                }
                String pkg = relative.getName(0).toString();
                String text = PACKAGE_LINE.matcher(Files.readString(file)).replaceFirst("");
                deps.edges.computeIfAbsent(pkg, k -> new TreeMap<>());
                Set<String> imported = deps.imports.computeIfAbsent(pkg, k -> new TreeSet<>());
                Matcher i = IMPORT.matcher(text);
                while (i.find()) {
                    imported.add(i.group(1));
                }
                Matcher r = reference.matcher(text);
                while (r.find()) {
                    if (!r.group(1).equals(pkg)) {
                        deps.edges.get(pkg).putIfAbsent(r.group(1), relative.toString());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return deps;
    }

    /** The module's packages that have sources. */
    public Set<String> packages() {
        return edges.keySet();
    }

    /** The other packages of the module that {@code pkg} refers to. */
    public Set<String> dependenciesOf(String pkg) {
        return edges.getOrDefault(pkg, Map.of()).keySet();
    }

    /** Every name imported by a file of {@code pkg} (types, static members, wildcard packages). */
    public Set<String> importsOf(String pkg) {
        return imports.getOrDefault(pkg, Set.of());
    }

    /** Why {@code from} depends on {@code to}: one file of {@code from} that refers to it, or null. */
    public String evidence(String from, String to) {
        return edges.getOrDefault(from, Map.of()).get(to);
    }

    /**
     * Every group of packages that reach each other, described with one file per edge
     * ({@code config -> events (config/GameSessionProperties.java)}); empty when the
     * dependencies run one way only.
     */
    public List<String> cycles() {
        Map<String, Set<String>> reach = new TreeMap<>();
        for (String pkg : edges.keySet()) {
            reach.put(pkg, reachableFrom(pkg));
        }
        Set<String> seen = new TreeSet<>();
        List<String> cycles = new ArrayList<>();
        for (String pkg : edges.keySet()) {
            if (seen.contains(pkg) || !reach.get(pkg).contains(pkg)) {
                continue;
            }
            Set<String> group = new TreeSet<>();
            for (String other : reach.get(pkg)) {
                if (reach.getOrDefault(other, Set.of()).contains(pkg)) {
                    group.add(other);
                }
            }
            seen.addAll(group);
            List<String> described = new ArrayList<>();
            for (String from : group) {
                for (String to : dependenciesOf(from)) {
                    if (group.contains(to)) {
                        described.add(from + " -> " + to + " (" + evidence(from, to) + ")");
                    }
                }
            }
            cycles.add(String.join(", ", described));
        }
        return cycles;
    }

    private Set<String> reachableFrom(String start) {
        Set<String> reached = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>(dependenciesOf(start));
        while (!todo.isEmpty()) {
            String next = todo.pop();
            if (reached.add(next)) {
                todo.addAll(dependenciesOf(next));
            }
        }
        return reached;
    }
}
