package io.sightline.client;

import io.sightline.contract.ClassifyResult;
import io.sightline.contract.Json;
import io.sightline.testing.KafkaTestClients;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** What a results topic holds (read_committed, to its end), grouped by requestId in log order. */
public final class Answers {
    private Answers() {
    }

    public static Map<String, List<ClassifyResult>> on(String bootstrap, String topic) {
        return KafkaTestClients.readToEnd(bootstrap, topic).stream()
                .map(record -> Json.read(record.value(), ClassifyResult.class))
                .collect(Collectors.groupingBy(ClassifyResult::requestId));
    }
}
