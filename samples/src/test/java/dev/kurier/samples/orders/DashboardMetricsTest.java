package dev.kurier.samples.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.testkit.KafkaCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The Grafana dashboard shipped with the sample ({@code src/main/grafana/kurier-dashboard.json}) against the sample's
 * own {@code /actuator/prometheus}: the dashboard is well formed for an import (a Prometheus data-source variable
 * every panel uses, the {@code listener} variable its queries filter on), and every series its queries read is
 * exposed by the running app once an order went through. No Grafana runs here; this is what an import would need.
 */
class DashboardMetricsTest {

    private static final Path DASHBOARD = Path.of("src/main/grafana/kurier-dashboard.json");
    private static final Pattern SERIES = Pattern.compile("\\b(kurier_[a-z_]+)");

    @Test
    void everySeriesTheDashboardQueriesIsExposedByTheSample() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
        Set<String> variables = new TreeSet<>();
        for (JsonNode v : dashboard.path("templating").path("list")) {
            variables.add(v.path("name").asString());
        }
        assertThat(variables).contains("datasource", "listener");
        Set<String> queried = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            String title = panel.path("title").asString();
            if (!panel.path("datasource").path("uid").asString().equals("${datasource}")) {
                problems.add(title + ": not on the ${datasource} variable");
            }
            if (panel.path("targets").isEmpty()) {
                problems.add(title + ": no query");
            }
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asString();
                Matcher m = SERIES.matcher(expr);
                while (m.find()) {
                    queried.add(m.group(1));
                }
                if (!expr.contains("$listener")) {
                    problems.add(title + ": does not filter on $listener: " + expr);
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(queried).isNotEmpty();

        try (KafkaCluster kafka = KafkaCluster.builder().start();
             ConfigurableApplicationContext app = new SpringApplicationBuilder(OrdersApplication.class).properties(
                     "kurier.bootstrap-servers=" + kafka.bootstrapServers(), "server.port=0",
                     "kurier.listener.lag-refresh-interval=200ms").run()) {
            String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> placed = http.send(HttpRequest.newBuilder(URI.create(base + "/orders"))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"item\":\"book\",\"quantity\":2}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(placed.statusCode()).as(placed.body()).isEqualTo(202);
            Set<String> missing = new TreeSet<>(queried);
            Awaitility.await("every series the dashboard reads, in /actuator/prometheus").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250)).until(() -> {
                        String scrape = http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus"))
                                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
                        missing.removeIf(s -> scrape.contains("\n" + s + "{"));
                        return missing.isEmpty();
                    });
        }
    }
}
