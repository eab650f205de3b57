package io.sightline.client.examples;

import io.sightline.client.ClassifierSettings;
import io.sightline.client.SightlineClassifier;
import io.sightline.contract.ClassifyResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * The Java example of docs/apps.md: classifies pictures through Kafka and prints one line per picture,
 * {@code <file> <label> <confidence> <requestId>} (or {@code <file> error <code> <requestId>}).
 *
 * <pre>
 * java -cp client.jar:contract.jar:kafka-clients.jar:jackson-*.jar io.sightline.client.examples.ClassifyPictures \
 *     [--request-topic sightline.classify.requests] BOOTSTRAP REPLY_TOPIC FILE...
 * </pre>
 */
public final class ClassifyPictures {
    private ClassifyPictures() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out));
    }

    /** Classifies the files named in {@code args}; 0 when every picture got a label. */
    public static int run(String[] args, PrintStream out) throws IOException {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        String requestTopic = null;
        if (!rest.isEmpty() && rest.get(0).equals("--request-topic")) {
            requestTopic = rest.get(1);
            rest = rest.subList(2, rest.size());
        }
        if (rest.size() < 3) {
            out.println("usage: ClassifyPictures [--request-topic TOPIC] BOOTSTRAP REPLY_TOPIC FILE...");
            return 2;
        }
        ClassifierSettings settings = ClassifierSettings.of(rest.get(0), rest.get(1));
        if (requestTopic != null) {
            settings = settings.withRequestTopic(requestTopic);
        }
        List<Path> files = rest.subList(2, rest.size()).stream().map(Path::of).toList();
        int failures = 0;
        try (SightlineClassifier classifier = new SightlineClassifier(settings)) {
            List<CompletableFuture<ClassifyResult>> answers = new ArrayList<>();
            for (Path file : files) {
                answers.add(classifier.classify(Files.readAllBytes(file))); // waits only when too many are outstanding
            }
            for (int i = 0; i < files.size(); i++) {
                ClassifyResult result = answers.get(i).join();
                if (result.isOk()) {
                    out.printf(Locale.ROOT, "%s %s %.3f %s%n", files.get(i).getFileName(), result.label(),
                            result.confidence(), result.requestId());
                } else {
                    failures++;
                    out.printf("%s error %s %s%n", files.get(i).getFileName(), result.error().code().wire(),
                            result.requestId());
                }
            }
        }
        return failures == 0 ? 0 : 1;
    }
}
