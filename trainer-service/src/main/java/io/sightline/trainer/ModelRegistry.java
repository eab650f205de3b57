package io.sightline.trainer;

import io.sightline.contract.Json;
import io.sightline.storage.ObjectKeys;
import io.sightline.storage.ObjectMissingException;
import io.sightline.storage.ObjectStore;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Candidate versions and their artifacts in S3 under {@code models/<name>/<version>/} (SPEC section
 * 3). Versions are numbered from what S3 holds, so numbering survives restarts; rejected candidates
 * are kept with their reason.
 */
@Singleton
public class ModelRegistry {
    private static final Pattern VERSION_KEY = Pattern.compile("models/[^/]+/(\\d+)/.*");

    private final ObjectStore store;
    private final String name;
    private final Map<Integer, ModelRecord> records = new ConcurrentHashMap<>();

    ModelRegistry(ObjectStore store, TrainerConfig config) {
        this.store = store;
        this.name = config.modelName();
    }

    public String name() {
        return name;
    }

    public synchronized int nextVersion() {
        int highest = 0;
        for (String key : store.list("models/" + name + "/")) {
            Matcher matcher = VERSION_KEY.matcher(key);
            if (matcher.matches()) {
                highest = Math.max(highest, Integer.parseInt(matcher.group(1)));
            }
        }
        return highest + 1;
    }

    /** Stores the two models of a version; its record comes later ({@link #saveRecord}). */
    public void saveArtifacts(int version, ModelArtifacts.Files files) {
        store.put(ObjectKeys.head(name, version), files.head(), "application/octet-stream");
        store.put(ObjectKeys.model(name, version), files.model(), "application/octet-stream");
    }

    /** Stores the report and, last, {@code metrics.json}: a version with a record is complete. */
    public void saveRecord(ModelRecord record, String reportHtml) {
        int version = record.version();
        store.put(ObjectKeys.report(name, version), reportHtml.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "text/html");
        store.put(ObjectKeys.metrics(name, version), Json.write(record), "application/json");
        records.put(version, record);
    }

    /** Replaces a version's {@code metrics.json} (its report stays as it was written). */
    public void updateRecord(ModelRecord record) {
        store.put(ObjectKeys.metrics(name, record.version()), Json.write(record), "application/json");
        records.put(record.version(), record);
    }

    public List<ModelRecord> list() {
        List<ModelRecord> all = new ArrayList<>();
        for (String key : store.list("models/" + name + "/")) {
            Matcher matcher = VERSION_KEY.matcher(key);
            if (matcher.matches() && key.endsWith("/metrics.json")) {
                find(Integer.parseInt(matcher.group(1))).ifPresent(all::add);
            }
        }
        all.sort(Comparator.comparingInt(ModelRecord::version));
        return all;
    }

    public Optional<ModelRecord> find(int version) {
        ModelRecord cached = records.get(version);
        if (cached != null) {
            return Optional.of(cached);
        }
        try {
            ModelRecord record = Json.read(store.get(ObjectKeys.metrics(name, version)), ModelRecord.class);
            records.put(version, record);
            return Optional.of(record);
        } catch (ObjectMissingException e) {
            return Optional.empty();
        }
    }

    public Optional<byte[]> report(int version) {
        try {
            return Optional.of(store.get(ObjectKeys.report(name, version)));
        } catch (ObjectMissingException e) {
            return Optional.empty();
        }
    }

    public byte[] head(int version) {
        return store.get(ObjectKeys.head(name, version));
    }
}
