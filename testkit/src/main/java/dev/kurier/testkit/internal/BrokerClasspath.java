package dev.kurier.testkit.internal;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.kurier.testkit.KafkaTestkitException;
import org.apache.maven.repository.internal.MavenRepositorySystemUtils;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.graph.Exclusion;
import org.eclipse.aether.repository.LocalRepository;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.resolution.DependencyResult;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves the classpath of a forked broker JVM with Maven Resolver: {@code
 * org.apache.kafka:kafka_2.13:<version>} with its runtime dependencies, plus log4j2 as the logging
 * backend (SLF4J 2 binding), from the local Maven repository and Maven Central.
 *
 * <p>Locations, by system property, then environment variable, then default:
 * <ul>
 *   <li>local repository: {@code maven.repo.local}, {@code KURIER_TESTKIT_MAVEN_LOCAL},
 *       {@code ~/.m2/repository};</li>
 *   <li>remote repository: {@code kurier.testkit.maven.remote}, {@code KURIER_TESTKIT_MAVEN_REMOTE},
 *       Maven Central;</li>
 *   <li>offline (no downloads at all): {@code kurier.testkit.maven.offline}, {@code
 *       KURIER_TESTKIT_MAVEN_OFFLINE}, false.</li>
 * </ul>
 * The local repository is used in "simple" mode, so jars that Maven downloaded through another
 * repository id (a mirror) are reused rather than downloaded again. Results are cached per version
 * for the life of the JVM, and on disk in {@code <local repository>/.cache/kurier-testkit/} (a list of
 * jar paths, used while all those jars still exist), which saves the second or so that resolution
 * takes even when every jar is local.
 */
public final class BrokerClasspath {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerClasspath.class);
    private static final String CENTRAL = "https://repo.maven.apache.org/maven2/";
    private static final Map<String, List<Path>> CACHE = new ConcurrentHashMap<>();
    /** Bumped whenever what is resolved changes (roots, exclusions), to ignore older cache files. */
    private static final String CACHE_FORMAT = "v1";

    /**
     * SLF4J bindings and logging backends some Kafka versions pull in (3.x through ZooKeeper):
     * the broker must see exactly one SLF4J binding, ours.
     */
    private static final List<Exclusion> FOREIGN_LOGGING = List.of(
            new Exclusion("org.slf4j", "slf4j-reload4j", "*", "*"),
            new Exclusion("org.slf4j", "slf4j-log4j12", "*", "*"),
            new Exclusion("org.slf4j", "slf4j-simple", "*", "*"),
            new Exclusion("ch.qos.reload4j", "reload4j", "*", "*"),
            new Exclusion("log4j", "log4j", "*", "*"),
            new Exclusion("ch.qos.logback", "logback-classic", "*", "*"),
            new Exclusion("ch.qos.logback", "logback-core", "*", "*"),
            new Exclusion("org.apache.logging.log4j", "log4j-slf4j-impl", "*", "*"));

    private BrokerClasspath() {
    }

    /** The jars of the Kafka broker {@code kafkaVersion} and its logging backend, resolved once per JVM. */
    public static List<Path> forKafka(String kafkaVersion) {
        return CACHE.computeIfAbsent(kafkaVersion, BrokerClasspath::cachedOrResolved);
    }

    private static List<Path> cachedOrResolved(String kafkaVersion) {
        String remote = setting("kurier.testkit.maven.remote", "KURIER_TESTKIT_MAVEN_REMOTE", CENTRAL);
        TestkitVersions versions = TestkitVersions.current();
        String key = CACHE_FORMAT + "-kafka-" + kafkaVersion + "-log4j-" + versions.log4j() + "-slf4j-" + versions.slf4j()
                + "-" + Integer.toHexString(remote.hashCode());
        Path cacheFile = localRepository().resolve(".cache").resolve("kurier-testkit").resolve("broker-classpath-" + key + ".txt");
        List<Path> cached = readCache(cacheFile);
        if (cached != null) {
            LOG.debug("Apache Kafka {} broker classpath from {}", kafkaVersion, cacheFile);
            return cached;
        }
        List<Path> resolved = resolve(kafkaVersion);
        writeCache(cacheFile, resolved);
        return resolved;
    }

    private static List<Path> readCache(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            List<Path> jars = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                Path jar = Path.of(line.trim());
                if (!Files.isRegularFile(jar)) {
                    return null;
                }
                jars.add(jar);
            }
            return jars.isEmpty() ? null : List.copyOf(jars);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static void writeCache(Path file, List<Path> jars) {
        try {
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            StringBuilder text = new StringBuilder();
            jars.forEach(jar -> text.append(jar.toAbsolutePath()).append('\n'));
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            LOG.debug("Could not cache the broker classpath in {}: {}", file, e.toString());
        }
    }

    private static List<Path> resolve(String kafkaVersion) {
        long started = System.nanoTime();
        Path localRepo = localRepository();
        String remote = setting("kurier.testkit.maven.remote", "KURIER_TESTKIT_MAVEN_REMOTE", CENTRAL);
        boolean offline = Boolean.parseBoolean(setting("kurier.testkit.maven.offline", "KURIER_TESTKIT_MAVEN_OFFLINE", "false"));
        TestkitVersions versions = TestkitVersions.current();

        RepositorySystem system = new RepositorySystemSupplier().get();
        try {
            DefaultRepositorySystemSession session = MavenRepositorySystemUtils.newSession();
            session.setSystemProperties(System.getProperties());
            session.setOffline(offline);
            session.setLocalRepositoryManager(system.newLocalRepositoryManager(session,
                    new LocalRepository(localRepo.toFile(), "simple")));

            CollectRequest collect = new CollectRequest();
            collect.setRepositories(List.of(new RemoteRepository.Builder("central", "default", remote).build()));
            // Declared before Kafka, so that nearest-wins picks these versions over Kafka's own.
            collect.addDependency(runtime("org.slf4j:slf4j-api:" + versions.slf4j(), List.of()));
            collect.addDependency(runtime("org.apache.logging.log4j:log4j-api:" + versions.log4j(), List.of()));
            collect.addDependency(runtime("org.apache.logging.log4j:log4j-core:" + versions.log4j(), List.of()));
            collect.addDependency(runtime("org.apache.logging.log4j:log4j-slf4j2-impl:" + versions.log4j(), List.of()));
            collect.addDependency(runtime("org.apache.kafka:kafka_2.13:" + kafkaVersion, FOREIGN_LOGGING));

            DependencyRequest request = new DependencyRequest(collect, DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME));
            DependencyResult result = system.resolveDependencies(session, request);
            List<Path> jars = new ArrayList<>();
            for (ArtifactResult artifact : result.getArtifactResults()) {
                File file = artifact.getArtifact().getFile();
                if (file == null || !Files.isRegularFile(file.toPath())) {
                    throw new KafkaTestkitException("Resolved " + artifact.getArtifact() + " but it has no file");
                }
                jars.add(file.toPath());
            }
            LOG.info("Resolved Apache Kafka {} broker classpath ({} jars) in {} ms", kafkaVersion, jars.size(),
                    (System.nanoTime() - started) / 1_000_000);
            return List.copyOf(jars);
        } catch (DependencyResolutionException e) {
            throw new KafkaTestkitException("Cannot resolve org.apache.kafka:kafka_2.13:" + kafkaVersion
                    + " (local repository " + localRepo + ", remote " + remote + (offline ? ", offline" : "")
                    + "): " + e.getMessage(), e);
        } finally {
            system.shutdown();
        }
    }

    private static Dependency runtime(String coordinates, List<Exclusion> exclusions) {
        return new Dependency(new DefaultArtifact(coordinates), JavaScopes.RUNTIME, false, exclusions);
    }

    /** The local Maven repository the testkit reads and fills. */
    public static Path localRepository() {
        String configured = setting("maven.repo.local", "KURIER_TESTKIT_MAVEN_LOCAL", null);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    private static String setting(String property, String env, String fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
