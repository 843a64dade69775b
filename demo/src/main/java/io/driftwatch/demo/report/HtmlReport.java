package io.driftwatch.demo.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A self-contained HTML drift report: one file with inline CSS, SVG and a few lines of script (the
 * legend toggles), nothing fetched from the network, so it opens anywhere, also offline and as a CI
 * artifact. Built section by section; {@link #write} saves it.
 */
public final class HtmlReport {
    private static final String STYLE = """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2433;background:#f6f7f9}
            main{max-width:960px;margin:0 auto;padding:24px}
            h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 6px}h3{font-size:14px;margin:0 0 4px}
            .subtitle{color:#5b6475;margin:0 0 16px}.caption{color:#5b6475;margin:0 0 8px}
            section{background:#fff;border:1px solid #e1e4ea;border-radius:8px;padding:14px 16px;margin:14px 0}
            .facts{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:10px}
            .fact{background:#f0f3f8;border-radius:6px;padding:8px 10px}.fact b{display:block;font-size:20px}
            .chart{width:100%;height:auto;display:block}
            .chart .series{fill:none;stroke-width:1.8;stroke-linejoin:round;stroke-linecap:round}
            .chart .series.hidden,.chart .bar.hidden{display:none}
            .chart .axis{stroke:#8a93a3}.chart .grid{stroke:#eceef2}.chart .tick{font-size:10px;fill:#5b6475}
            .chart .axis-label{font-size:11px;fill:#5b6475}
            .chart .limit{stroke:#d62728;stroke-dasharray:3 3;stroke-width:1}.chart .limit-label{font-size:10px;fill:#d62728}
            .chart .marker{stroke-width:1.2}.chart .marker.deployment{stroke:#2ca02c;stroke-width:2}
            .chart .marker.drift-start{stroke:#7f7f7f;stroke-dasharray:5 3}
            .chart .marker.alert-firing{stroke:#d62728;opacity:.35}.chart .marker.alert-resolved{stroke:#2ca02c;opacity:.35}
            .chart .marker-label{font-size:10px;fill:#333}
            .legend{display:flex;flex-wrap:wrap;gap:4px 10px;margin:6px 0 0}
            .legend-item{font:inherit;font-size:12px;border:0;background:none;padding:2px 4px;color:inherit}
            .interactive button.legend-item{cursor:pointer}
            .legend-item.off{opacity:.35}
            .swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px;vertical-align:-1px}
            .grid2{display:grid;grid-template-columns:repeat(auto-fill,minmax(290px,1fr));gap:12px}
            table{border-collapse:collapse;width:100%;font-size:12px}th,td{text-align:left;padding:4px 6px;border-bottom:1px solid #eceef2}
            th{color:#5b6475;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}
            .firing{color:#d62728;font-weight:600}.resolved{color:#2ca02c;font-weight:600}
            footer{color:#8a93a3;font-size:12px;margin:24px 0}
            """;
    /**
     * Legend entries hide and show the series of the same name in every chart. The body is marked
     * interactive once they are wired, which is what shows them as clickable.
     */
    private static final String SCRIPT = """
            document.querySelectorAll('button.legend-item').forEach(function (item) {
              item.addEventListener('click', function () {
                var name = item.getAttribute('data-series');
                var off = item.classList.toggle('off');
                document.querySelectorAll('.series, .bar').forEach(function (shape) {
                  if (shape.getAttribute('data-series') === name) { shape.classList.toggle('hidden', off); }
                });
              });
            });
            document.body.classList.add('interactive');
            """;

    private final StringBuilder body = new StringBuilder();
    private final String title;

    public HtmlReport(String title, String subtitle) {
        this.title = title;
        body.append("<h1>").append(Svg.escape(title)).append("</h1><p class=\"subtitle\">").append(Svg.escape(subtitle))
                .append("</p>\n");
    }

    /** Key figures as tiles: label and value. */
    public HtmlReport facts(List<String[]> facts) {
        body.append("<section class=\"facts\">");
        for (String[] fact : facts) {
            body.append("<div class=\"fact\">").append(Svg.escape(fact[0])).append("<b>").append(Svg.escape(fact[1]))
                    .append("</b></div>");
        }
        body.append("</section>\n");
        return this;
    }

    /** A chart over time with its legend. */
    public HtmlReport chart(String heading, String caption, LineChart chart) {
        body.append("<section><h2>").append(Svg.escape(heading)).append("</h2><p class=\"caption\">")
                .append(Svg.escape(caption)).append("</p>").append(chart.toSvg()).append(chart.legendHtml())
                .append("</section>\n");
        return this;
    }

    /** Small charts side by side, one per feature, each with its own heading. */
    public HtmlReport smallMultiples(String heading, String caption, List<String> names, List<LineChart> small) {
        body.append("<section><h2>").append(Svg.escape(heading)).append("</h2><p class=\"caption\">")
                .append(Svg.escape(caption)).append("</p><div class=\"grid2\">");
        for (int i = 0; i < small.size(); i++) {
            body.append("<div><h3>").append(Svg.escape(names.get(i))).append("</h3>").append(small.get(i).toSvg())
                    .append("</div>");
        }
        body.append("</div>").append(small.isEmpty() ? "" : small.get(0).legendHtml()).append("</section>\n");
        return this;
    }

    /** A bar chart with its legend. */
    public HtmlReport bars(String heading, String caption, BarChart chart) {
        body.append("<section><h2>").append(Svg.escape(heading)).append("</h2><p class=\"caption\">")
                .append(Svg.escape(caption)).append("</p>").append(chart.toSvg()).append(chart.legendHtml())
                .append("</section>\n");
        return this;
    }

    /**
     * A table; a cell that parses as a number is right-aligned, and cells reading FIRING or RESOLVED
     * are coloured.
     */
    public HtmlReport table(String heading, List<String> columns, List<List<String>> rows) {
        body.append("<section><h2>").append(Svg.escape(heading)).append("</h2>");
        if (rows.isEmpty()) {
            body.append("<p class=\"caption\">none</p></section>\n");
            return this;
        }
        body.append("<table><thead><tr>");
        columns.forEach(column -> body.append("<th>").append(Svg.escape(column)).append("</th>"));
        body.append("</tr></thead><tbody>");
        for (List<String> row : rows) {
            body.append("<tr>");
            for (String cell : row) {
                String css = cell.matches("-?[0-9.]+") ? " class=\"num\"" : cell.equals("FIRING") ? " class=\"firing\""
                        : cell.equals("RESOLVED") ? " class=\"resolved\"" : "";
                body.append("<td").append(css).append('>').append(Svg.escape(cell)).append("</td>");
            }
            body.append("</tr>");
        }
        body.append("</tbody></table></section>\n");
        return this;
    }

    public HtmlReport footer(String text) {
        body.append("<footer>").append(Svg.escape(text)).append("</footer>\n");
        return this;
    }

    public String toHtml() {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + Svg.escape(title)
                + "</title><style>" + STYLE + "</style></head><body><main>\n" + body + "</main><script>" + SCRIPT
                + "</script></body></html>\n";
    }

    /** Writes the report, creating missing parent folders; returns the absolute path. */
    public Path write(Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        if (absolute.getParent() != null) {
            Files.createDirectories(absolute.getParent());
        }
        Files.writeString(absolute, toHtml(), StandardCharsets.UTF_8);
        return absolute;
    }
}
