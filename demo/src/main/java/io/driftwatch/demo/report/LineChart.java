package io.driftwatch.demo.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * A line chart over event time as inline SVG: one line per series (NaN points break the line),
 * horizontal limit lines, and vertical markers (drift start, alerts, deployments). Every line has
 * a {@code <title>} tooltip and a {@code data-series} name that the legend toggles.
 */
public record LineChart(String yLabel, List<Line> lines, List<Limit> limits, List<Marker> markers) {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
    private static final double WIDTH = 860;
    private static final double HEIGHT = 250;
    private static final double LEFT = 52;
    private static final double RIGHT = 14;
    private static final double TOP = 22;
    private static final double BOTTOM = 30;

    /** One series: (epoch ms, value) points in time order. */
    public record Line(String name, List<double[]> points, boolean dashed) {
        public Line {
            points = List.copyOf(points);
        }
    }

    /** A horizontal limit, e.g. the PSI warning level. */
    public record Limit(String label, double value) {}

    /** What a vertical marker shows. */
    public enum MarkerKind { DRIFT_START, ALERT_FIRING, ALERT_RESOLVED, DEPLOYMENT }

    /** A vertical marker at an event time. */
    public record Marker(long time, MarkerKind kind, String label) {}

    public LineChart {
        lines = List.copyOf(lines);
        limits = List.copyOf(limits);
        markers = List.copyOf(markers);
    }

    /** Whether there is anything to draw. */
    public boolean isEmpty() {
        return lines.stream().allMatch(line -> line.points().stream().noneMatch(p -> Double.isFinite(p[1])));
    }

    /** The chart as an {@code <svg>} element, scaled to its container's width. */
    public String toSvg() {
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double maxY = 0;
        for (Line line : lines) {
            for (double[] point : line.points()) {
                minX = Math.min(minX, point[0]);
                maxX = Math.max(maxX, point[0]);
                if (Double.isFinite(point[1])) {
                    maxY = Math.max(maxY, point[1]);
                }
            }
        }
        for (Marker marker : markers) {
            minX = Math.min(minX, marker.time());
            maxX = Math.max(maxX, marker.time());
        }
        for (Limit limit : limits) {
            maxY = Math.max(maxY, limit.value());
        }
        if (minX == Double.MAX_VALUE) {
            minX = 0;
            maxX = 1;
        }
        if (maxX == minX) {
            maxX = minX + 60_000;
        }
        maxY = maxY <= 0 ? 1 : niceCeiling(maxY * 1.08);
        Scale scale = new Scale(minX, maxX, maxY);

        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"chart\" viewBox=\"0 0 ").append(Svg.coordinate(WIDTH)).append(' ')
                .append(Svg.coordinate(HEIGHT)).append("\" role=\"img\" aria-label=\"").append(Svg.escape(yLabel))
                .append(" over time\">\n");
        axes(svg, scale);
        for (Limit limit : limits) {
            double y = scale.y(limit.value());
            svg.append("<line class=\"limit\" x1=\"").append(Svg.coordinate(LEFT)).append("\" x2=\"")
                    .append(Svg.coordinate(WIDTH - RIGHT)).append("\" y1=\"").append(Svg.coordinate(y)).append("\" y2=\"")
                    .append(Svg.coordinate(y)).append("\"/>")
                    .append("<text class=\"limit-label\" x=\"").append(Svg.coordinate(WIDTH - RIGHT - 4)).append("\" y=\"")
                    .append(Svg.coordinate(y - 3)).append("\" text-anchor=\"end\">").append(Svg.escape(limit.label()))
                    .append("</text>\n");
        }
        for (Marker marker : markers) {
            double x = scale.x(marker.time());
            svg.append("<line class=\"marker ").append(marker.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
                    .append("\" x1=\"").append(Svg.coordinate(x)).append("\" x2=\"").append(Svg.coordinate(x))
                    .append("\" y1=\"").append(Svg.coordinate(TOP)).append("\" y2=\"").append(Svg.coordinate(HEIGHT - BOTTOM))
                    .append("\"><title>").append(Svg.escape(CLOCK.format(Instant.ofEpochMilli(marker.time())) + " "
                            + marker.label())).append("</title></line>");
            if (marker.kind() == MarkerKind.DEPLOYMENT || marker.kind() == MarkerKind.DRIFT_START) {
                svg.append("<text class=\"marker-label\" x=\"").append(Svg.coordinate(x + 3)).append("\" y=\"")
                        .append(Svg.coordinate(TOP - 6)).append("\">").append(Svg.escape(marker.label())).append("</text>");
            }
            svg.append('\n');
        }
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            String path = path(line, scale);
            if (path.isEmpty()) {
                continue;
            }
            svg.append("<path class=\"series\" data-series=\"").append(Svg.escape(line.name())).append("\" d=\"")
                    .append(path).append("\" stroke=\"").append(Svg.color(i)).append('"')
                    .append(line.dashed() ? " stroke-dasharray=\"6 4\"" : "").append("><title>")
                    .append(Svg.escape(line.name() + ": last " + Svg.value(lastFinite(line)))).append("</title></path>\n");
        }
        svg.append("</svg>");
        return svg.toString();
    }

    /** The legend as HTML; clicking an entry hides or shows its series in every chart of the report. */
    public String legendHtml() {
        StringBuilder html = new StringBuilder("<div class=\"legend\">");
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            html.append("<button type=\"button\" class=\"legend-item\" data-series=\"").append(Svg.escape(line.name()))
                    .append("\"><span class=\"swatch\" style=\"background:").append(Svg.color(i)).append("\"></span>")
                    .append(Svg.escape(line.name())).append("</button>");
        }
        return html.append("</div>").toString();
    }

    private static double lastFinite(Line line) {
        for (int i = line.points().size() - 1; i >= 0; i--) {
            if (Double.isFinite(line.points().get(i)[1])) {
                return line.points().get(i)[1];
            }
        }
        return Double.NaN;
    }

    private static String path(Line line, Scale scale) {
        StringBuilder d = new StringBuilder();
        boolean drawing = false;
        for (double[] point : line.points()) {
            if (!Double.isFinite(point[1])) {
                drawing = false;
                continue;
            }
            d.append(drawing ? " L" : (d.length() == 0 ? "M" : " M")).append(Svg.coordinate(scale.x(point[0])))
                    .append(' ').append(Svg.coordinate(scale.y(point[1])));
            drawing = true;
        }
        // A lone point still shows: a zero-length segment drawn with round caps.
        if (d.length() > 0 && d.indexOf("L") < 0) {
            d.append(" l0.1 0");
        }
        return d.toString();
    }

    private void axes(StringBuilder svg, Scale scale) {
        double bottom = HEIGHT - BOTTOM;
        svg.append("<line class=\"axis\" x1=\"").append(Svg.coordinate(LEFT)).append("\" x2=\"")
                .append(Svg.coordinate(WIDTH - RIGHT)).append("\" y1=\"").append(Svg.coordinate(bottom)).append("\" y2=\"")
                .append(Svg.coordinate(bottom)).append("\"/>\n");
        for (int i = 0; i <= 4; i++) {
            double value = scale.maxY() * i / 4;
            double y = scale.y(value);
            svg.append("<line class=\"grid\" x1=\"").append(Svg.coordinate(LEFT)).append("\" x2=\"")
                    .append(Svg.coordinate(WIDTH - RIGHT)).append("\" y1=\"").append(Svg.coordinate(y)).append("\" y2=\"")
                    .append(Svg.coordinate(y)).append("\"/><text class=\"tick\" x=\"").append(Svg.coordinate(LEFT - 6))
                    .append("\" y=\"").append(Svg.coordinate(y + 4)).append("\" text-anchor=\"end\">")
                    .append(Svg.value(value)).append("</text>\n");
        }
        for (double time : timeTicks(scale.minX(), scale.maxX())) {
            double x = scale.x(time);
            svg.append("<text class=\"tick\" x=\"").append(Svg.coordinate(x)).append("\" y=\"")
                    .append(Svg.coordinate(bottom + 16)).append("\" text-anchor=\"middle\">")
                    .append(CLOCK.format(Instant.ofEpochMilli((long) time))).append("</text>\n");
        }
        svg.append("<text class=\"axis-label\" x=\"12\" y=\"").append(Svg.coordinate(TOP + (bottom - TOP) / 2))
                .append("\" transform=\"rotate(-90 12 ").append(Svg.coordinate(TOP + (bottom - TOP) / 2))
                .append(")\" text-anchor=\"middle\">").append(Svg.escape(yLabel)).append("</text>\n");
    }

    /** Ticks on whole minutes, at most about eight of them. */
    private static List<Double> timeTicks(double minX, double maxX) {
        long minute = 60_000;
        long[] steps = {1, 2, 5, 10, 15, 30, 60, 120, 360, 720, 1440};
        long step = steps[steps.length - 1] * minute;
        for (long candidate : steps) {
            if ((maxX - minX) / (candidate * minute) <= 8) {
                step = candidate * minute;
                break;
            }
        }
        List<Double> ticks = new ArrayList<>();
        for (long t = (long) Math.ceil(minX / step) * step; t <= maxX; t += step) {
            ticks.add((double) t);
        }
        return ticks;
    }

    /** 1, 2, 2.5 or 5 times a power of ten at or above {@code value}, so the grid lines get round labels. */
    static double niceCeiling(double value) {
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double factor : new double[] {1, 2, 2.5, 5, 10}) {
            if (factor * power >= value) {
                return factor * power;
            }
        }
        return 10 * power;
    }

    private record Scale(double minX, double maxX, double maxY) {
        double x(double time) {
            return LEFT + (time - minX) / (maxX - minX) * (WIDTH - LEFT - RIGHT);
        }

        double y(double value) {
            return HEIGHT - BOTTOM - Math.max(0, Math.min(value, maxY)) / maxY * (HEIGHT - BOTTOM - TOP);
        }
    }
}
