package io.driftwatch.alerting.notify.email;

import java.util.Date;
import java.util.List;
import java.util.Properties;

import jakarta.mail.Authenticator;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import io.driftwatch.alerting.config.AlertingConfig;
import io.driftwatch.alerting.config.IntegrationConfig;
import io.driftwatch.alerting.notify.AlertText;
import io.driftwatch.alerting.notify.DeliveryException;
import io.driftwatch.alerting.notify.Notification;
import io.driftwatch.alerting.notify.Notifier;

/**
 * One email per group notification over SMTP (Jakarta Mail): multipart/alternative with a plain
 * text and an HTML part carrying the same content as the Slack message; STARTTLS off,
 * opportunistic or required; optional authentication with a password from env or file.
 */
public final class EmailNotifier implements Notifier {
    private static final int MAX_LINES = 50;

    private final String name;
    private final IntegrationConfig.Email config;
    private final AlertingConfig.Links links;
    private final Session session;

    public EmailNotifier(String name, IntegrationConfig.Email config, AlertingConfig.Links links) {
        this.name = name;
        this.config = config;
        this.links = links;
        this.session = Session.getInstance(smtpProperties(config), config.username().isEmpty() ? null : new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication(config.username().get(), config.password().orElseThrow().reveal());
            }
        });
    }

    private static Properties smtpProperties(IntegrationConfig.Email config) {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", config.host());
        properties.put("mail.smtp.port", String.valueOf(config.port()));
        properties.put("mail.smtp.auth", String.valueOf(config.username().isPresent()));
        properties.put("mail.smtp.starttls.enable", String.valueOf(config.startTls() != IntegrationConfig.StartTls.OFF));
        properties.put("mail.smtp.starttls.required", String.valueOf(config.startTls() == IntegrationConfig.StartTls.REQUIRED));
        String timeout = String.valueOf(config.timeout().toMillis());
        properties.put("mail.smtp.connectiontimeout", timeout);
        properties.put("mail.smtp.timeout", timeout);
        properties.put("mail.smtp.writetimeout", timeout);
        return properties;
    }

    @Override
    public void send(Notification notification) throws DeliveryException {
        try {
            MimeMessage message = new MimeMessage(session);
            message.setFrom(new InternetAddress(config.from()));
            for (String to : config.to()) {
                message.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
            }
            message.setSubject(AlertText.title(notification), "UTF-8");
            message.setSentDate(new Date(notification.at().toEpochMilli()));
            MimeMultipart alternative = new MimeMultipart("alternative");
            MimeBodyPart text = new MimeBodyPart();
            text.setText(plainText(notification), "UTF-8");
            MimeBodyPart html = new MimeBodyPart();
            html.setContent(html(notification), "text/html; charset=UTF-8");
            alternative.addBodyPart(text);
            alternative.addBodyPart(html);
            message.setContent(alternative);
            Transport.send(message);
        } catch (AuthenticationFailedException | AddressException | SendFailedException e) {
            throw DeliveryException.permanent(name + ": " + e.getClass().getSimpleName() + " " + e.getMessage());
        } catch (MessagingException e) {
            throw DeliveryException.transientFailure(name + ": " + e.getClass().getSimpleName() + " " + e.getMessage(), null);
        }
    }

    String plainText(Notification notification) {
        StringBuilder text = new StringBuilder(AlertText.title(notification)).append("\n\n");
        text.append("Model / version: ").append(AlertText.modelAndVersion(notification)).append('\n');
        text.append("Since: ").append(AlertText.since(notification)).append("\n\n");
        section(text, "Firing", AlertText.lines(notification.firing(), MAX_LINES));
        section(text, "Resolved", AlertText.lines(notification.resolved(), MAX_LINES));
        AlertText.links(notification, links).forEach(link -> text.append(link.text()).append(": ").append(link.url()).append('\n'));
        text.append("\n-- driftwatch alerting, receiver ").append(notification.receiver())
                .append(", group ").append(notification.groupKey()).append('\n');
        return text.toString();
    }

    private static void section(StringBuilder text, String heading, List<String> lines) {
        if (!lines.isEmpty()) {
            text.append(heading).append(":\n");
            lines.forEach(line -> text.append("  - ").append(line).append('\n'));
            text.append('\n');
        }
    }

    String html(Notification notification) {
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><body style=\"font-family:sans-serif\">");
        html.append("<h2>").append(escape(AlertText.title(notification))).append("</h2>");
        html.append("<p><b>Model / version:</b> ").append(escape(AlertText.modelAndVersion(notification)))
                .append("<br><b>Since:</b> ").append(AlertText.since(notification)).append("</p>");
        htmlList(html, "Firing", AlertText.lines(notification.firing(), MAX_LINES));
        htmlList(html, "Resolved", AlertText.lines(notification.resolved(), MAX_LINES));
        List<AlertText.Link> linkList = AlertText.links(notification, links);
        if (!linkList.isEmpty()) {
            html.append("<p>");
            linkList.forEach(link -> html.append("<a href=\"").append(escape(link.url())).append("\">")
                    .append(escape(link.text())).append("</a> "));
            html.append("</p>");
        }
        html.append("<p style=\"color:#888\">driftwatch alerting, receiver ").append(escape(notification.receiver()))
                .append(", group ").append(escape(notification.groupKey())).append("</p></body></html>");
        return html.toString();
    }

    private static void htmlList(StringBuilder html, String heading, List<String> lines) {
        if (!lines.isEmpty()) {
            html.append("<h3>").append(heading).append("</h3><ul>");
            lines.forEach(line -> html.append("<li>").append(escape(line)).append("</li>"));
            html.append("</ul>");
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
