package io.sightline.ingest;

import io.sightline.contract.LabelledImage;
import io.sightline.html.Html;
import java.util.Map;

/** Renders the dataset explorer: labels with counts, a paged thumbnail grid, larger view on hover. */
public final class ExplorerPage {
    static final int PAGE_SIZE = 60;

    private static final String STYLE = """
            body{font-family:system-ui,sans-serif;margin:0;background:#fafafa;color:#222}
            header{background:#1f2937;color:#fff;padding:12px 20px}header h1{margin:0;font-size:20px}
            nav{padding:12px 20px;display:flex;flex-wrap:wrap;gap:8px}
            nav a{padding:4px 10px;border-radius:12px;background:#e5e7eb;color:#111;text-decoration:none}
            nav a.on{background:#2563eb;color:#fff}
            main{padding:0 20px 20px}.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:12px}
            figure{margin:0;background:#fff;border:1px solid #ddd;border-radius:6px;padding:6px;position:relative}
            figure img{width:160px;height:160px;object-fit:contain;display:block;margin:auto;transition:transform .15s}
            figure:hover{z-index:2}figure:hover img{transform:scale(2);box-shadow:0 4px 16px #0005;background:#fff}
            figcaption{font-size:12px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
            .meta{color:#666}.pager{margin:16px 0;display:flex;gap:12px}.empty{padding:40px;color:#666}
            """;

    private ExplorerPage() {
    }

    public static String render(Map<String, Integer> labels, String selected, ImageCatalog.Page page) {
        StringBuilder html = new StringBuilder(8192);
        html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sightline dataset</title>")
                .append("<style>").append(STYLE).append("</style></head><body>")
                .append("<header><h1>Sightline dataset</h1></header><nav id=\"labels\">");
        int total = labels.values().stream().mapToInt(Integer::intValue).sum();
        html.append(link(null, "All (" + total + ")", selected == null));
        labels.forEach((label, count) -> html.append(link(label, label + " (" + count + ")", label.equals(selected))));
        html.append("</nav><main>");
        if (page.items().isEmpty()) {
            html.append("<p class=\"empty\">No pictures yet. Upload with <code>POST /api/images</code> or ")
                    .append("<code>./sightline ingest FOLDER</code>.</p>");
        }
        html.append("<div class=\"grid\">");
        page.items().forEach(image -> html.append(figure(image)));
        html.append("</div>").append(pager(selected, page)).append("</main></body></html>");
        return html.toString();
    }

    private static String link(String label, String text, boolean on) {
        String href = label == null ? "/" : "/?label=" + Html.url(label);
        return "<a class=\"label" + (on ? " on" : "") + "\" href=\"" + href + "\">" + Html.escape(text) + "</a>";
    }

    private static String figure(LabelledImage image) {
        String id = Html.escape(image.imageId());
        return "<figure class=\"picture\" data-label=\"" + Html.escape(image.label()) + "\">"
                + "<a href=\"/api/images/" + id + "\" target=\"_blank\">"
                + "<img loading=\"lazy\" src=\"/api/images/" + id + "/thumbnail\" alt=\"" + Html.escape(image.source())
                + "\"></a><figcaption title=\"" + Html.escape(image.source()) + "\">" + Html.escape(image.source())
                + "<br><span class=\"meta\">" + Html.escape(image.label()) + " · " + image.width() + "×" + image.height()
                + " · " + Html.bytes(image.sizeBytes()) + "</span></figcaption></figure>";
    }

    private static String pager(String selected, ImageCatalog.Page page) {
        if (page.pages() <= 1) {
            return "";
        }
        String base = selected == null ? "/?" : "/?label=" + Html.url(selected) + "&";
        StringBuilder pager = new StringBuilder("<div class=\"pager\">");
        if (page.page() > 0) {
            pager.append("<a href=\"").append(base).append("page=").append(page.page() - 1).append("\">&larr; previous</a>");
        }
        pager.append("<span>page ").append(page.page() + 1).append(" of ").append(page.pages()).append("</span>");
        if (page.page() + 1 < page.pages()) {
            pager.append("<a href=\"").append(base).append("page=").append(page.page() + 1).append("\">next &rarr;</a>");
        }
        return pager.append("</div>").toString();
    }
}
