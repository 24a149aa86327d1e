package dev.kurier.client.network;

/** The client software version reported to brokers (ApiVersions v3+ ClientSoftwareVersion). */
public final class KurierVersion {

    /** This build's version, read from the jar manifest when there is one. */
    public static final String VERSION = sanitize(KurierVersion.class.getPackage().getImplementationVersion());

    private KurierVersion() {
    }

    // Brokers reject software versions outside [a-zA-Z0-9](?:[a-zA-Z0-9\-.]*[a-zA-Z0-9])?
    static String sanitize(String v) {
        if (v == null || v.isEmpty()) {
            return "0.1.0-SNAPSHOT";
        }
        String cleaned = v.replaceAll("[^a-zA-Z0-9\\-.]", "-").replaceAll("^[^a-zA-Z0-9]+|[^a-zA-Z0-9]+$", "");
        return cleaned.isEmpty() ? "unknown" : cleaned;
    }
}
