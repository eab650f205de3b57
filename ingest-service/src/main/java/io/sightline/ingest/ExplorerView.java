package io.sightline.ingest;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.sightline.contract.LabelledImage;
import io.sightline.text.ByteSizes;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the dataset explorer ({@code views/explorer.html}) shows: the label links with their counts, one page of
 * pictures and the pager. Plain values only; the template escapes every one of them.
 *
 * @param labels   "All" first, then one link per label
 * @param pictures the pictures of this page
 * @param pager    null when everything fits on one page
 */
@Introspected
public record ExplorerView(List<LabelLink> labels, List<PictureCard> pictures, @Nullable Pager pager) {
    static final int PAGE_SIZE = 60;

    /** The view of one page of the catalog, filtered by {@code selected} (null: every label). */
    static ExplorerView of(Map<String, Integer> labelCounts, @Nullable String selected, ImageCatalog.Page page) {
        int total = labelCounts.values().stream().mapToInt(Integer::intValue).sum();
        List<LabelLink> labels = new ArrayList<>();
        labels.add(new LabelLink("All (" + total + ")", "/", selected == null));
        labelCounts.forEach((label, count) ->
                labels.add(new LabelLink(label + " (" + count + ")", "/?label=" + url(label), label.equals(selected))));
        return new ExplorerView(labels, page.items().stream().map(PictureCard::of).toList(),
                Pager.of(selected, page));
    }

    private static String url(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A link in the label bar; {@code on} marks the one shown. */
    public record LabelLink(String text, String href, boolean on) {
    }

    /** One picture of the grid: its thumbnail, file name, label, size in pixels and bytes. */
    public record PictureCard(String imageId, String label, String source, String dimensions, String size) {
        static PictureCard of(LabelledImage image) {
            return new PictureCard(image.imageId(), image.label(), image.source(),
                    image.width() + "×" + image.height(), ByteSizes.human(image.sizeBytes()));
        }
    }

    /**
     * Where the page stands among the pages, with links to its neighbours.
     *
     * @param previous null on the first page
     * @param next     null on the last page
     */
    public record Pager(int page, int pages, @Nullable String previous, @Nullable String next) {
        static @Nullable Pager of(@Nullable String selected, ImageCatalog.Page page) {
            if (page.pages() <= 1) {
                return null;
            }
            String base = selected == null ? "/?" : "/?label=" + url(selected) + "&";
            return new Pager(page.page() + 1, page.pages(),
                    page.page() > 0 ? base + "page=" + (page.page() - 1) : null,
                    page.page() + 1 < page.pages() ? base + "page=" + (page.page() + 1) : null);
        }
    }
}
