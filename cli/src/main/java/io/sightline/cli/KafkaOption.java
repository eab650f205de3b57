package io.sightline.cli;

import io.sightline.client.ClassifierSettings;
import io.sightline.client.SightlineClassifier;
import io.sightline.contract.Topics;
import picocli.CommandLine.Option;

/** {@code --kafka BOOTSTRAP --reply-topic TOPIC}: classify through Kafka instead of HTTP (docs/apps.md). */
final class KafkaOption {
    @Option(names = "--kafka", paramLabel = "BOOTSTRAP",
            description = "Classify through Kafka at these bootstrap servers instead of HTTP (needs --reply-topic).")
    String bootstrap;

    @Option(names = "--reply-topic", paramLabel = "TOPIC",
            description = "With --kafka: this app's reply topic (must exist and start with an allowed prefix, "
                    + "default sightline.replies.).")
    String replyTopic;

    @Option(names = "--request-topic", paramLabel = "TOPIC", defaultValue = Topics.DEFAULT_PREFIX + Topics.CLASSIFY_REQUESTS,
            description = "With --kafka: the request topic (default: ${DEFAULT-VALUE}).")
    String requestTopic;

    boolean chosen() {
        return bootstrap != null;
    }

    SightlineClassifier classifier(int topK) {
        if (replyTopic == null) {
            throw new IllegalArgumentException("--kafka needs --reply-topic (an existing topic under sightline.replies.)");
        }
        return new SightlineClassifier(ClassifierSettings.of(bootstrap, replyTopic).withRequestTopic(requestTopic)
                .withTopK(topK));
    }
}
