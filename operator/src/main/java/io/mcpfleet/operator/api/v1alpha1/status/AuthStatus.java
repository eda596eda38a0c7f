package io.mcpfleet.operator.api.v1alpha1.status;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * JWT key state: which key signs, which is being published, which are retiring and until when (operator-owned keys),
 * and which keys the pods accept.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuthStatus(
        @JsonPropertyDescription("Operator-owned keys: Publishing while a new key is only in the verify set, Active once it signs. External: the keys are in your auth.jwt.secretName.") String phase,
        @JsonPropertyDescription("Key id (kid) of the key that signs tokens now.") String activeKeyId,
        @JsonPropertyDescription("Key id of a key published for verification but not yet signing.") String publishingKeyId,
        @JsonPropertyDescription("Key ids still accepted for verification after a rotation.") List<String> retiringKeyIds,
        @JsonPropertyDescription("When the retiring keys leave the verify set (RFC 3339).") String retiringUntil,
        @JsonPropertyDescription("Key ids in the verify set the pods mount (with auth.jwt.secretName: your Secret's, as last seen).") List<String> verifyKeyIds) {
}
