package io.mcpfleet.operator.dependent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.mcpfleet.operator.api.v1alpha1.McpServer;

/** The server's configuration file: the spec as canonical JSON (sorted keys, defaults filled), and its hash. */
public final class ServerConfig {

    public static final String KEY = "mcpserver.json";
    public static final String MOUNT_DIR = "/etc/mcp-fleet/config";
    public static final String PATH = MOUNT_DIR + "/" + KEY;

    // Sorted keys make the text, and so the pod template hash, depend on the content only.
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .configure(SerializationFeature.INDENT_OUTPUT, true)
            // Free-form parts (schemas, static json) too, so a reordered manifest does not roll the pods.
            .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
            .build();

    /** Keys naming files beside a local manifest: [parent pointer, key]. */
    private static final String[][] LOCAL_ONLY = {
            { "/auth/jwt", "keysFile" }, { "/auth/jwt", "signingKeysFile" }, { "/auth/apiKey", "keysFile" },
            { "/tls", "certFile" }, { "/tls", "keyFile" } };

    /**
     * Keys only the operator acts on, which the server ignores: left out so that scaling, autoscaling, an Ingress
     * annotation, monitoring or a key rotation never change the config hash and so never restart the pods.
     * (ingress.host reaches the server through the keys {@link Exposure} derives from it.)
     */
    private static final String[][] OPERATOR_ONLY = {
            { "", "image" }, { "", "replicas" }, { "", "resources" }, { "", "autoscaling" }, { "", "ingress" },
            { "", "podDisruptionBudget" }, { "", "networkPolicy" }, { "/observability", "serviceMonitor" },
            { "/observability", "prometheusRule" }, { "/auth/jwt", "rotation" } };

    private ServerConfig() {
    }

    /**
     * The pod's configuration: the spec, minus the keys only the operator acts on and the file paths that only make
     * sense beside a local manifest (pods read the pod contract's mount points, the server's defaults), plus the McpServer's name as the tracing
     * service name unless one is set.
     */
    public static String render(McpServer mcp) {
        ObjectNode config = MAPPER.valueToTree(mcp.getSpec());
        for (String[] operatorOnly : OPERATOR_ONLY) {
            JsonNode parent = config.at(operatorOnly[0]);
            if (parent instanceof ObjectNode object) {
                object.remove(operatorOnly[1]);
            }
        }
        for (String[] local : LOCAL_ONLY) {
            JsonNode parent = config.at(local[0]);
            if (parent instanceof ObjectNode object) {
                object.remove(local[1]);
            }
        }
        expose(mcp, config);
        ObjectNode observability = config.with("observability");
        if (!observability.hasNonNull("serviceName") && mcp.getMetadata() != null && mcp.getMetadata().getName() != null) {
            observability.put("serviceName", mcp.getMetadata().getName());
        }
        try {
            return MAPPER.writeValueAsString(config) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the server configuration", e);
        }
    }

    /**
     * What the Ingress host implies for the server (see {@link Exposure}): the Hosts and Origins it answers to, and
     * with an Ingress the default JWT audience and OAuth resource URL. Values the user set win; lists are merged.
     */
    private static void expose(McpServer mcp, ObjectNode config) {
        if (mcp.getMetadata() == null || mcp.getMetadata().getName() == null) {
            return;
        }
        List<String> hosts = Exposure.allowedHosts(mcp);
        if (!hosts.isEmpty()) {
            config.set("allowedHosts", MAPPER.valueToTree(hosts));
        }
        List<String> origins = Exposure.allowedOrigins(mcp);
        if (origins != null) {
            config.with("cors").set("allowedOrigins", MAPPER.valueToTree(origins));
        }
        String resource = Exposure.resourceUrl(mcp);
        if (resource == null) {
            return;
        }
        String mode = mcp.getSpec().auth().mode();
        if ("jwt".equals(mode)) {
            ObjectNode jwt = config.with("auth").with("jwt");
            if (!jwt.hasNonNull("audience")) {
                jwt.put("audience", resource);
            }
        } else if ("oidc".equals(mode)) {
            ObjectNode oidc = config.with("auth").with("oidc");
            if (!oidc.hasNonNull("resource")) {
                oidc.put("resource", resource);
            }
        }
    }

    public static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
