package io.sightline.cli.bench;

import io.sightline.cli.allinone.AllInOne;
import io.sightline.cli.allinone.AllInOneOptions;
import io.sightline.cli.client.SightlineClient;
import io.sightline.storage.ObjectStore;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The all-in-one process (embedded Kafka, embedded S3, the three services) as the benchmark runs it:
 * no automatic training (the benchmark asks for it), the gate always promotes (the pipeline is
 * measured, not the model), the provider and batch settings of the run.
 */
final class BenchServer implements AutoCloseable {
    private final AllInOne allInOne;
    private final ObjectStore store;
    private final SightlineClient client;

    private BenchServer(AllInOne allInOne) {
        this.allInOne = allInOne;
        this.store = allInOne.services().getBean(ObjectStore.class); // its bucket exists once the services run
        this.client = new SightlineClient(allInOne.webUrl(), allInOne.adminToken());
    }

    static BenchServer start(Path dataDir, String backbone, Map<String, Object> serviceOverrides) {
        Map<String, Object> overrides = new HashMap<>();
        overrides.put("sightline.trainer.auto-train", false);
        overrides.put("sightline.trainer.accuracy-tolerance", 1.0);
        overrides.put("sightline.trainer.recall-tolerance", 1.0);
        overrides.putAll(serviceOverrides);
        return new BenchServer(AllInOne.start(new AllInOneOptions(dataDir, 0, 0, 0, backbone, overrides)));
    }

    AllInOne allInOne() {
        return allInOne;
    }

    ObjectStore store() {
        return store;
    }

    SightlineClient client() {
        return client;
    }

    String kafkaBootstrap() {
        return allInOne.kafkaBootstrap();
    }

    @Override
    public void close() {
        allInOne.close();
    }
}
