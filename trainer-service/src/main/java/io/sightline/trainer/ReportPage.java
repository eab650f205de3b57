package io.sightline.trainer;

import jakarta.inject.Singleton;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * The evaluation report: one self-contained HTML file (styles, chart and thumbnails inline, nothing
 * fetched), so it opens offline and can be mailed around. Rendered from {@code views/report.html}.
 */
@Singleton
public class ReportPage {
    private static final String TEMPLATE = "report";

    private final ITemplateEngine templates;

    ReportPage(ITemplateEngine templates) {
        this.templates = templates;
    }

    /** The report of {@code record}; {@code thumbnail} gives a test picture's data URI. */
    public String render(ModelRecord record, List<ReportView.Item> items,
                         Function<ModelRecord.TestItem, String> thumbnail) {
        ReportView view = ReportView.of(record, items, thumbnail);
        return templates.process(TEMPLATE, new Context(Locale.ROOT, Map.of("report", view)));
    }
}
