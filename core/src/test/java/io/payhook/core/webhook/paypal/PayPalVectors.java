package io.payhook.core.webhook.paypal;

import io.payhook.core.port.CertificateSource;
import io.payhook.core.webhook.WebhookRequest;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deliveries PayPal itself signed, published in PayPal's own SDK repositories (the sources are in
 * corpus/paypal/SOURCES.md): the exact body bytes, the transmission headers, the webhook id they were
 * signed for, and the PayPal certificate that verifies them — valid at the transmission time, long
 * expired now. PayPal's own signer against our verifier.
 */
final class PayPalVectors {
    private PayPalVectors() {}

    /**
     * One published delivery.
     *
     * @param certUrl the certificate URL to send (the Java SDK's ValidateCertTest stubbed its download with
     *                {@code https://api.sandbox.paypal.com/v1/notifications/test}, which is no certificate URL:
     *                an allowed URL on PayPal's sandbox host stands in — the URL is not part of what is signed)
     * @param crc32   the CRC-32 of the body, as computed independently (Python zlib) when the vector was checked
     */
    record Vector(String file, String transmissionId, String transmissionTime, String webhookId, String signature,
                  String certFile, String certUrl, String crc32) {
        byte[] body() { return resource("/corpus/paypal/" + file); }

        X509Certificate certificate() {
            return TestPki.parse(new String(resource("/corpus/paypal/certs/" + certFile), StandardCharsets.US_ASCII)).get(0);
        }

        Instant sentAt() { return Instant.parse(transmissionTime); }

        Map<String, String> headers() {
            Map<String, String> h = new LinkedHashMap<>();
            h.put("Content-Type", "application/json");
            h.put("PAYPAL-TRANSMISSION-ID", transmissionId);
            h.put("PAYPAL-TRANSMISSION-TIME", transmissionTime);
            h.put("PAYPAL-TRANSMISSION-SIG", signature);
            h.put("PAYPAL-CERT-URL", certUrl);
            h.put("PAYPAL-AUTH-ALGO", "SHA256withRSA");
            return h;
        }

        WebhookRequest request() { return new WebhookRequest(headers(), Map.of(), body()); }

        /** The certificate, served for this vector's URL only. */
        CertificateSource source() { return CertificateSource.fixed(Map.of(URI.create(certUrl), certificate())); }
    }

    static final List<Vector> ALL = List.of(
            new Vector("payment-sale-completed.v1.signed.json",
                    "dfb3be50-fd74-11e4-8bf3-77339302725b", "2015-05-18T15:45:13Z", "4JH86294D6297924G",
                    "thy4/U002quzxFavHPwbfJGcc46E8rc5jzgyeafWm5mICTBdY/8rl7WJpn8JA0GKA+oDTPsSruqusw+XXg5RLAP7ip53Euh9Xu3UbUhQFX7UgwzE2FeYoY6lyRMiiiQLzy9BvHfIzNIVhPad4KnC339dr6y2l+mN8ALgI4GCdIh3/SoJO5wE64Bh/ueWtt8EVuvsvXfda2Le5a2TrOI9vLEzsm9GS79hAR/5oLexNz8UiZr045Mr5ObroH4w4oNfmkTaDk9Rj0G19uvISs5QzgmBpauKr7Nw++JI0pr/v5mFctQkoWJSGfBGzPRXawrvIIVHQ9Wer48GR2g9ZiApWg==",
                    "CERT-360caa42-fca2a594-a5cafa77.pem", "https://api.sandbox.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-a5cafa77", "2771810304"),
            new Vector("payment-sale-completed.v1.java-ssl-test.signed.json",
                    "b2384410-f8d2-11e4-8bf3-77339302725b", "2015-05-12T18:14:14Z", "3RN13029J36659323",
                    "vSOIQFIZQHv8G2vpbOpD/4fSC4/MYhdHyv+AmgJyeJQq6q5avWyHIe/zL6qO5hle192HSqKbYveLoFXGJun2od2zXN3Q45VBXwdX3woXYGaNq532flAtiYin+tQ/0pNwRDsVIufCxa3a8HskaXy+YEfXNnwCSL287esD3HgOHmuAs0mYKQdbR4e8Evk8XOOQaZzGeV7GNXXz19gzzvyHbsbHmDz5VoRl9so5OoHqvnc5RtgjZfG8KA9lXh2MTPSbtdTLQb9ikKYnOGM+FasFMxk5stJisgmxaefpO9Q1qm3rCjaJ29aAOyDNr3Q7WkeN3w4bSXtFMwyRBOF28pJg9g==",
                    "CERT-360caa42-fca2a594-a5cafa77.pem", "https://api.sandbox.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-a5cafa77", "2487599788"),
            new Vector("payment-sale-completed.v1.node-sample.signed.json",
                    "103e3700-8b0c-11e6-8695-6b62a8a99ac4", "2016-10-05T14:57:40Z", "3TR748995U920805P",
                    "t8hlRk64rpEImZMKqgtp5dlWaT1W8ed/mf8Msos341QInVn3BMQubjAhM/cKiSJtW07VwJvSX7X4+YUmHBrm5BQ+CEkClke4Yf4ouhCK6GWsfs0J8cKkmjI0XxfJpPLgjROEWY3MXorwCtbvrEo5vrRI2+TyLkquBKAlM95LbNWG43lxMu0LHzsSRUBDdt5IP1b2CKqbcEJKGrC78iw+fJEQGagkJAiv3Qvpw8F/8q7FCQAZ3c81mzTvP4ZH3Xk2/nNznEA7eMi3u1EjSpTmLfAb423ytX37Ts0QpmPNgxJe8wnMB/+fvt4xjYH6KNe+bIcYU30hUIe9O8c9UFwKuQ==",
                    "CERT-360caa42-fca2a594-a5cafa77.pem", "https://api.sandbox.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-a5cafa77", "4280182022"),
            new Vector("payment-sale-completed.v1.dotnet-sample.signed.json",
                    "d938e770-8046-11e6-8103-6b62a8a99ac4", "2016-09-21T22:00:46Z", "9XL90610J3647323C",
                    "eDOnWUj9FXOnr2naQnrdL7bhgejVSTwRbwbJ0kuk5wAtm2ZYkr7w5BSUDO7e5ZOsqLwN3sPn3RV85Jd9pjHuTlpuXDLYk+l5qiViPbaaC0tLV+8C/zbDjg2WCfvtf2NmFT8CHgPPQAByUqiiTY+RJZPPQC5np7j7WuxcegsJLeWStRAofsDLiSKrzYV3CKZYtNoNnRvYmSFMkYp/5vk4xGcQLeYNV1CC2PyqraZj8HGG6Y+KV4trhreV9VZDn+rPtLDZTbzUohie1LpEy31k2dg+1szpWaGYOz+MRb40U04oD7fD69vghCrDTYs5AsuFM2+WZtsMDmYGI0pxLjn2yw==",
                    "CERT-360caa42-fca2a594-a5cafa77.pem", "https://api.sandbox.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-a5cafa77", "1915257671"),
            new Vector("billing-plan-created.v1.java-validate-cert-test.signed.json",
                    "071f7d20-1584-11e7-abf0-6b62a8a99ac4", "2017-03-30T20:04:05Z", "96605875FF6516633",
                    "aBjgm5/xljRYu3G64Q0axISrP2xcy7WbW1u4UTCKnQvyprOZ1a1BBmqn2Jdr6ce8E76I3Ti/AL9y4VYSHyGSEaoE6dVQcCDebLbOXLH0fjTAbTc1/rmfdWmsk0DPltW84Y8W8jOHe3CLWDOwg5zmozyt+AceG2x5eOiw7mLSycaEoj/5RG+dOIWXnmWcLEArbG3VFshy0wuhZrKuGa9C/bD4Ku+Y9gK7Bv5I5IuGRVnTGpcFnVG0KxOyJxccLGyBVCIUMY5IZS7LkmJszQ3HZZFDTNihvgJHECSLwLhzUaysIye5G6CbbLdtAmeeb6wiDciEAvr2dFf+SplOR4Lrng==",
                    "java-sdk-testClientCert.crt", "https://api.sandbox.paypal.com/v1/notifications/certs/CERT-java-sdk-testClientCert", "3494065244"));

    static byte[] resource(String path) {
        try (InputStream in = PayPalVectors.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("missing test resource " + path);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
