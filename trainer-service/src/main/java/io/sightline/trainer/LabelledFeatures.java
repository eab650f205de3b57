package io.sightline.trainer;

import io.sightline.contract.LabelledImage;
import io.sightline.train.TrainingData;
import java.util.List;
import java.util.Map;

/** Pictures of one split with their feature vectors and class ids. */
public record LabelledFeatures(List<LabelledImage> images, float[][] features, int[] classes) {

    public static LabelledFeatures of(List<LabelledImage> images, FeatureCache cache, String backboneId,
                                      Map<String, Integer> classIds) {
        float[][] features = new float[images.size()][];
        int[] classes = new int[images.size()];
        for (int i = 0; i < images.size(); i++) {
            LabelledImage image = images.get(i);
            features[i] = cache.get(backboneId, image.imageId());
            classes[i] = classIds.get(image.label());
        }
        return new LabelledFeatures(images, features, classes);
    }

    public TrainingData data() {
        return new TrainingData(features, classes);
    }

    public int size() {
        return images.size();
    }

    public List<String> imageIds() {
        return images.stream().map(LabelledImage::imageId).toList();
    }
}
