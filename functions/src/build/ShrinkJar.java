import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Build step of the Lambda jar (maven-antrun-plugin runs it in the package phase, after the shade
 * plugin): ProGuard needs the JDK's classes as its library, and not every JDK ships {@code jmods}
 * (Temurin 25 does not). So this copies the running JDK's {@code java.*} and {@code jdk.unsupported}
 * classes out of its {@code jrt:/} image into a directory (again only when the JDK changes), then runs
 * ProGuard with the remaining arguments.
 * <p>Usage: {@code java -cp <proguard> ShrinkJar.java <jdk-classes-dir> <proguard arguments...>}
 */
public final class ShrinkJar {
    public static void main(String[] args) throws Exception {
        Path jdk = Path.of(args[0]);
        Path marker = jdk.resolve(".copied-from-" + Runtime.version());
        if (!Files.exists(marker)) {
            deleteRecursively(jdk);
            copyJdkClasses(jdk);
            Files.writeString(marker, System.getProperty("java.home"));
        }
        String[] proguardArgs = new String[args.length - 1];
        System.arraycopy(args, 1, proguardArgs, 0, proguardArgs.length);
        proguard.ProGuard.main(proguardArgs); // exits non-zero on an error
    }

    private static void copyJdkClasses(Path target) throws IOException {
        FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
        try (Stream<Path> modules = Files.list(jrt.getPath("/modules"))) {
            for (Path module : (Iterable<Path>) modules::iterator) {
                String name = module.getFileName().toString();
                if (!name.startsWith("java.") && !name.equals("jdk.unsupported")) continue;
                try (Stream<Path> files = Files.walk(module)) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        String rel = module.relativize(f).toString();
                        if (!rel.endsWith(".class") || rel.equals("module-info.class")) continue;
                        Path out = target.resolve(rel);
                        Files.createDirectories(out.getParent());
                        Files.copy(f, out, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) Files.delete(p);
        }
    }
}
