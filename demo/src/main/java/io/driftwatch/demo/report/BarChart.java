package io.driftwatch.demo.report;

import java.util.List;

/**
 * Grouped bars as inline SVG: one group per category (a column of the data), one bar per series
 * (a metric), with horizontal limit lines; each bar has a {@code <title>} with its value.
 */
public record BarChart(String yLabel, List<String> categories, List<Series> series, List<LineChart.Limit> limits) {
    private static final double HEIGHT = 260;
    private static final double LEFT = 52;
    private static final double TOP = 16;
    private static final double BOTTOM = 70;
    private static final double GROUP_WIDTH = 56;

    /** One bar per category; NaN leaves the slot empty. */
    public record Series(String name, double[] values) {}

    public BarChart {
        categories = List.copyOf(categories);
        series = List.copyOf(series);
        limits = List.copyOf(limits);
    }

    public String toSvg() {
        double width = LEFT + 14 + GROUP_WIDTH * Math.max(1, categories.size());
        double maxY = 0;
        for (Series s : series) {
            for (double v : s.values()) {
                if (Double.isFinite(v)) {
                    maxY = Math.max(maxY, v);
                }
            }
        }
        for (LineChart.Limit limit : limits) {
            maxY = Math.max(maxY, limit.value());
        }
        maxY = maxY <= 0 ? 1 : LineChart.niceCeiling(maxY * 1.08);
        double plot = HEIGHT - TOP - BOTTOM;
        StringBuilder svg = new StringBuilder("<svg class=\"chart bars\" viewBox=\"0 0 ").append(Svg.coordinate(width))
                .append(' ').append(Svg.coordinate(HEIGHT)).append("\" role=\"img\" aria-label=\"")
                .append(Svg.escape(yLabel)).append(" per column\">\n");
        for (int i = 0; i <= 4; i++) {
            double value = maxY * i / 4;
            double y = HEIGHT - BOTTOM - plot * i / 4;
            svg.append("<line class=\"grid\" x1=\"").append(Svg.coordinate(LEFT)).append("\" x2=\"")
                    .append(Svg.coordinate(width - 14)).append("\" y1=\"").append(Svg.coordinate(y)).append("\" y2=\"")
                    .append(Svg.coordinate(y)).append("\"/><text class=\"tick\" x=\"").append(Svg.coordinate(LEFT - 6))
                    .append("\" y=\"").append(Svg.coordinate(y + 4)).append("\" text-anchor=\"end\">")
                    .append(Svg.value(value)).append("</text>\n");
        }
        double barWidth = (GROUP_WIDTH - 12) / Math.max(1, series.size());
        for (int c = 0; c < categories.size(); c++) {
            double groupX = LEFT + 6 + c * GROUP_WIDTH;
            for (int s = 0; s < series.size(); s++) {
                double value = series.get(s).values()[c];
                if (!Double.isFinite(value)) {
                    continue;
                }
                double height = Math.min(value, maxY) / maxY * plot;
                svg.append("<rect class=\"bar\" data-series=\"").append(Svg.escape(series.get(s).name())).append("\" x=\"")
                        .append(Svg.coordinate(groupX + s * barWidth)).append("\" y=\"")
                        .append(Svg.coordinate(HEIGHT - BOTTOM - height)).append("\" width=\"")
                        .append(Svg.coordinate(barWidth - 1)).append("\" height=\"").append(Svg.coordinate(height))
                        .append("\" fill=\"").append(Svg.color(s)).append("\"><title>")
                        .append(Svg.escape(categories.get(c) + " " + series.get(s).name() + " = " + Svg.value(value)))
                        .append("</title></rect>");
            }
            double labelX = groupX + (GROUP_WIDTH - 12) / 2;
            double labelY = HEIGHT - BOTTOM + 12;
            svg.append("<text class=\"tick\" x=\"").append(Svg.coordinate(labelX)).append("\" y=\"")
                    .append(Svg.coordinate(labelY)).append("\" text-anchor=\"end\" transform=\"rotate(-35 ")
                    .append(Svg.coordinate(labelX)).append(' ').append(Svg.coordinate(labelY)).append(")\">")
                    .append(Svg.escape(categories.get(c))).append("</text>\n");
        }
        for (LineChart.Limit limit : limits) {
            double y = HEIGHT - BOTTOM - limit.value() / maxY * plot;
            svg.append("<line class=\"limit\" x1=\"").append(Svg.coordinate(LEFT)).append("\" x2=\"")
                    .append(Svg.coordinate(width - 14)).append("\" y1=\"").append(Svg.coordinate(y)).append("\" y2=\"")
                    .append(Svg.coordinate(y)).append("\"><title>").append(Svg.escape(limit.label()))
                    .append("</title></line>\n");
        }
        return svg.append("</svg>").toString();
    }

    /** The legend of the series as HTML. */
    public String legendHtml() {
        StringBuilder html = new StringBuilder("<div class=\"legend\">");
        for (int s = 0; s < series.size(); s++) {
            html.append("<span class=\"legend-item static\"><span class=\"swatch\" style=\"background:")
                    .append(Svg.color(s)).append("\"></span>").append(Svg.escape(series.get(s).name())).append("</span>");
        }
        return html.append("</div>").toString();
    }
}
