package io.driftwatch.trainer.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.driftwatch.core.baseline.BaselineFiles;
import io.driftwatch.events.Baseline;
import io.driftwatch.trainer.config.ModelConfig;

/**
 * A {@link ModelRegistry} in a directory:
 * <pre>
 * ROOT/models/MODEL/versions/vN/artifact        the model bytes (format in metadata.json)
 * ROOT/models/MODEL/versions/vN/metadata.json   {@link VersionMetadata}
 * ROOT/models/MODEL/versions/vN/baseline.avro   the version's Baseline (drift-core BaselineFiles)
 * ROOT/models/MODEL/.lock                       per-model lock file
 * ROOT/requests/SHA256(request_id).json         {@link RequestRecord}
 * </pre>
 * A version is written in a temporary folder and renamed into place, so it appears whole or not
 * at all; metadata updates replace the file atomically. Promotion marks the new version
 * PRODUCTION before archiving the old one, and readers take the most recently promoted of several,
 * so a crash between the two steps never leaves a model without production.
 */
public final class FileSystemModelRegistry implements ModelRegistry {
    private static final Pattern VERSION = Pattern.compile("v[1-9][0-9]{0,8}");
    private static final String ARTIFACT = "artifact";
    private static final String METADATA = "metadata.json";
    private static final String BASELINE = "baseline.avro";

    private final Path root;
    private final Map<String, ReentrantLock> inProcessLocks = new ConcurrentHashMap<>();

    public FileSystemModelRegistry(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    @Override
    public List<String> models() {
        return list(root.resolve("models")).filter(Files::isDirectory).map(p -> p.getFileName().toString())
                .sorted().toList();
    }

    @Override
    public List<VersionMetadata> versions(String modelId) {
        return list(versionsDir(modelId))
                .filter(p -> VERSION.matcher(p.getFileName().toString()).matches())
                .map(p -> readMetadata(p.resolve(METADATA)))
                .sorted(Comparator.comparingInt(VersionMetadata::number))
                .toList();
    }

    @Override
    public Optional<VersionMetadata> version(String modelId, String version) {
        if (!VERSION.matcher(version).matches()) {
            return Optional.empty();
        }
        Path file = versionsDir(modelId).resolve(version).resolve(METADATA);
        return Files.exists(file) ? Optional.of(readMetadata(file)) : Optional.empty();
    }

    @Override
    public Optional<VersionMetadata> production(String modelId) {
        return versions(modelId).stream().filter(v -> v.status() == ModelStatus.PRODUCTION)
                .max(Comparator.comparing((VersionMetadata v) -> v.promotedAt().orElse(Instant.EPOCH))
                        .thenComparingInt(VersionMetadata::number));
    }

    @Override
    public VersionMetadata register(String modelId, Function<String, NewVersion> build) {
        Path versions = versionsDir(modelId);
        try {
            Files.createDirectories(versions);
            int next = versions(modelId).stream().mapToInt(VersionMetadata::number).max().orElse(0) + 1;
            String version = "v" + next;
            NewVersion parts = build.apply(version);
            if (!parts.metadata().version().equals(version) || !parts.baseline().getModelVersion().equals(version)) {
                throw new IllegalArgumentException("metadata and baseline must name version " + version);
            }
            Path staging = versions.resolve(".staging-" + UUID.randomUUID());
            Files.createDirectory(staging);
            try {
                AtomicFiles.writeDurably(staging.resolve(ARTIFACT), parts.artifact());
                BaselineFiles.write(parts.baseline(), staging.resolve(BASELINE));
                AtomicFiles.writeDurably(staging.resolve(METADATA), json(parts.metadata()));
                Files.move(staging, versions.resolve(version), StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                throw new IllegalStateException(modelId + " " + version + " was registered concurrently; hold the model's lock", e);
            } finally {
                deleteRecursively(staging);
            }
            return parts.metadata();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot register a version of " + modelId + " in " + versions + ": " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] artifact(VersionMetadata version) throws CorruptVersionException {
        Path file = versionDir(version).resolve(version.artifact().file());
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CorruptVersionException(version.modelId() + " " + version.version() + ": artifact " + file + " is missing", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        String actual = Hashing.sha256(bytes);
        if (!actual.equals(version.artifact().sha256())) {
            throw new CorruptVersionException(version.modelId() + " " + version.version() + ": artifact " + file
                    + " has sha256 " + actual + ", the registry recorded " + version.artifact().sha256());
        }
        return bytes;
    }

    @Override
    public Baseline baseline(VersionMetadata version) throws CorruptVersionException {
        try {
            return BaselineFiles.read(versionDir(version).resolve(BASELINE));
        } catch (IOException e) {
            throw new CorruptVersionException(version.modelId() + " " + version.version() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public URI artifactUri(VersionMetadata version) {
        return versionDir(version).resolve(version.artifact().file()).toUri();
    }

    @Override
    public VersionMetadata setStatus(String modelId, String version, ModelStatus status, String reason, Instant at) {
        VersionMetadata current = existing(modelId, version);
        if (status == ModelStatus.PRODUCTION) {
            throw new IllegalArgumentException("use promote() to put a version in production");
        }
        if (current.status() == ModelStatus.PRODUCTION) {
            throw new IllegalStateException(modelId + " " + version + " is in production; promote another version first");
        }
        return write(current.withStatus(status, reason, at));
    }

    @Override
    public Promotion promote(String modelId, String version, String reason, Instant at) {
        VersionMetadata target = existing(modelId, version);
        List<VersionMetadata> others = versions(modelId).stream()
                .filter(v -> v.status() == ModelStatus.PRODUCTION && !v.version().equals(version)).toList();
        VersionMetadata production = write(target.withStatus(ModelStatus.PRODUCTION, reason, at));
        Optional<VersionMetadata> previous = Optional.empty();
        for (VersionMetadata other : others) {
            VersionMetadata archived = write(other.withStatus(ModelStatus.ARCHIVED, "replaced by " + version + ": " + reason, at));
            if (previous.isEmpty() || archived.promotedAt().orElse(Instant.EPOCH)
                    .isAfter(previous.get().promotedAt().orElse(Instant.EPOCH))) {
                previous = Optional.of(archived);
            }
        }
        return new Promotion(production, previous);
    }

    @Override
    public Lock lock(String modelId) throws IOException {
        ReentrantLock inProcess = inProcessLocks.computeIfAbsent(modelId, id -> new ReentrantLock());
        inProcess.lock();
        try {
            Path modelDir = modelDir(modelId);
            Files.createDirectories(modelDir);
            FileChannel channel = FileChannel.open(modelDir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock fileLock;
            try {
                fileLock = channel.lock();
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            return () -> {
                try {
                    fileLock.release();
                    channel.close();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot release the lock of " + modelId, e);
                } finally {
                    inProcess.unlock();
                }
            };
        } catch (IOException | RuntimeException e) {
            inProcess.unlock();
            throw e;
        }
    }

    @Override
    public Optional<RequestRecord> request(String requestId) {
        Path file = requestFile(requestId);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(readRequest(file));
    }

    @Override
    public void record(RequestRecord record) {
        Path file = requestFile(record.requestId());
        try {
            Files.createDirectories(file.getParent());
            AtomicFiles.write(file, json(record));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record request " + record.requestId() + " in " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<RequestRecord> requests(String modelId) {
        return list(root.resolve("requests")).filter(p -> p.getFileName().toString().endsWith(".json"))
                .map(this::readRequest).filter(r -> r.modelId().equals(modelId))
                .sorted(Comparator.comparing(RequestRecord::decidedAt)).toList();
    }

    private VersionMetadata existing(String modelId, String version) {
        return version(modelId, version).orElseThrow(() -> new IllegalArgumentException("no version '" + version
                + "' of model '" + modelId + "' (versions: " + versions(modelId).stream().map(VersionMetadata::version).toList() + ")"));
    }

    private VersionMetadata write(VersionMetadata metadata) {
        Path file = versionDir(metadata).resolve(METADATA);
        try {
            AtomicFiles.write(file, json(metadata));
            return metadata;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private Path modelDir(String modelId) {
        if (!ModelConfig.ID.matcher(modelId).matches()) {
            throw new IllegalArgumentException("'" + modelId + "' is not a valid model id ("
                    + ModelConfig.ID.pattern() + ")");
        }
        return root.resolve("models").resolve(modelId);
    }

    private Path versionsDir(String modelId) {
        return modelDir(modelId).resolve("versions");
    }

    private Path versionDir(VersionMetadata version) {
        return versionsDir(version.modelId()).resolve(version.version());
    }

    private Path requestFile(String requestId) {
        return root.resolve("requests").resolve(Hashing.sha256(requestId.getBytes(StandardCharsets.UTF_8)) + ".json");
    }

    private static byte[] json(Object value) throws IOException {
        return RegistryJson.MAPPER.writeValueAsBytes(value);
    }

    private static VersionMetadata readMetadata(Path file) {
        try {
            return RegistryJson.MAPPER.readValue(file.toFile(), VersionMetadata.class);
        } catch (JsonProcessingException e) {
            // Not transient: retrying cannot repair the file, so say which one it is.
            throw new IllegalStateException("corrupt version metadata " + file + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read version metadata " + file + ": " + e.getMessage(), e);
        }
    }

    private RequestRecord readRequest(Path file) {
        try {
            return RegistryJson.MAPPER.readValue(file.toFile(), RequestRecord.class);
        } catch (JsonProcessingException e) {
            // Not transient: retrying cannot repair the file, so say which one it is.
            throw new IllegalStateException("corrupt request record " + file + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read request record " + file + ": " + e.getMessage(), e);
        }
    }

    private static Stream<Path> list(Path directory) {
        if (!Files.isDirectory(directory)) {
            return Stream.empty();
        }
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            stream.forEach(entries::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory + ": " + e.getMessage(), e);
        }
        return entries.stream();
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
