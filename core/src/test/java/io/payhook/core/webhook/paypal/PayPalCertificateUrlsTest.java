package io.payhook.core.webhook.paypal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The certificate-URL allowlist: only PayPal's hosts, over HTTPS, on the certificate path — decided without a request. */
class PayPalCertificateUrlsTest {
    final PayPalCertificateUrls paypal = PayPalCertificateUrls.PAYPAL;

    @ParameterizedTest
    @ValueSource(strings = {
            "https://api.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-1a5f47cb",
            "https://api-m.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-1a5f47cb",
            "https://api.sandbox.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-a5cafa77",
            "https://api-m.sandbox.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-1d93a270"})
    void paypalsHostsAreAllowedAndTheUrlIsRebuiltAsIs(String url) {
        assertThat(paypal.allowed(url)).contains(URI.create(url));
    }

    @Test
    void theDefaultPortAndCaseAreNormalised() {
        assertThat(paypal.allowed("https://API.PayPal.com:443/v1/notifications/certs/CERT-1"))
                .contains(URI.create("https://api.paypal.com/v1/notifications/certs/CERT-1"));
        assertThat(paypal.allowed("HTTPS://api.paypal.com/v1/notifications/certs/CERT-1"))
                .contains(URI.create("https://api.paypal.com/v1/notifications/certs/CERT-1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // not https
            "http://api.paypal.com/v1/notifications/certs/CERT-1",
            "ftp://api.paypal.com/v1/notifications/certs/CERT-1",
            "//api.paypal.com/v1/notifications/certs/CERT-1",
            "/v1/notifications/certs/CERT-1",
            // other hosts, look-alikes, IPs
            "https://evil.example/v1/notifications/certs/CERT-1",
            "https://api.paypal.com.evil.example/v1/notifications/certs/CERT-1",
            "https://evil.example.api.paypal.com/v1/notifications/certs/CERT-1",
            "https://api.paypal.com./v1/notifications/certs/CERT-1",
            "https://paypal.com/v1/notifications/certs/CERT-1",
            "https://www.paypal.com/v1/notifications/certs/CERT-1",
            "https://api.paypa1.com/v1/notifications/certs/CERT-1",
            "https://127.0.0.1/v1/notifications/certs/CERT-1",
            "https://169.254.169.254/v1/notifications/certs/CERT-1",
            "https://[::1]/v1/notifications/certs/CERT-1",
            "https://2130706433/v1/notifications/certs/CERT-1",
            // another port
            "https://api.paypal.com:8443/v1/notifications/certs/CERT-1",
            "https://api.paypal.com:80/v1/notifications/certs/CERT-1",
            "https://api.paypal.com:/v1/notifications/certs/CERT-1",
            // user info: the host is what follows the @
            "https://api.paypal.com@evil.example/v1/notifications/certs/CERT-1",
            "https://user:pass@api.paypal.com/v1/notifications/certs/CERT-1",
            "https://evil.example@api.paypal.com/v1/notifications/certs/CERT-1",
            "https://api.paypal.com%40evil.example/v1/notifications/certs/CERT-1",
            // other paths, traversal, encodings, query, fragment
            "https://api.paypal.com/v1/notifications/certs/",
            "https://api.paypal.com/v1/notifications/certs",
            "https://api.paypal.com/v1/oauth2/token",
            "https://api.paypal.com/v1/notifications/certs/../../oauth2/token",
            "https://api.paypal.com/v1/notifications/certs/CERT-1/../x",
            "https://api.paypal.com/v1/notifications/certs/CERT-1/more",
            "https://api.paypal.com/v1/notifications/certs/CERT%2D1",
            "https://api.paypal.com/v1/notifications/certs/CERT-1?x=1",
            "https://api.paypal.com/v1/notifications/certs/CERT-1#f",
            "https://api.paypal.com//v1/notifications/certs/CERT-1",
            "https://api.paypal.com/V1/notifications/certs/CERT-1",
            "https://api.paypal.com\\@evil.example/v1/notifications/certs/CERT-1",
            "https://api.paypal.com/v1/notifications/certs/CERT 1",
            " https://api.paypal.com/v1/notifications/certs/CERT-1",
            "https://api.paypal.com/v1/notifications/certs/CERT-1\n",
            "https://api.paypal.com/v1/notifications/certs/CERT-\u00e91",
            "",
            "not a url",
            "https://"})
    void everythingElseIsRefused(String url) {
        assertThat(paypal.allowed(url)).as(url).isEmpty();
    }

    @Test
    void nullAndOverlongAreRefused() {
        assertThat(paypal.allowed(null)).isEmpty();
        assertThat(paypal.allowed("https://api.paypal.com/v1/notifications/certs/" + "A".repeat(500))).isEmpty();
    }

    @Test
    void aTestHostIsAllowedOnlyOnItsPort() {
        var local = PayPalCertificateUrls.of("127.0.0.1:8443");
        assertThat(local.allowed("https://127.0.0.1:8443/v1/notifications/certs/CERT-test"))
                .contains(URI.create("https://127.0.0.1:8443/v1/notifications/certs/CERT-test"));
        assertThat(local.allowed("https://127.0.0.1:8444/v1/notifications/certs/CERT-test")).isEmpty();
        assertThat(local.allowed("https://127.0.0.1/v1/notifications/certs/CERT-test")).isEmpty();
        assertThat(local.allowed("http://127.0.0.1:8443/v1/notifications/certs/CERT-test")).isEmpty();
        assertThat(local.allowed("https://api.paypal.com/v1/notifications/certs/CERT-test")).as("only what is listed").isEmpty();
    }

    @Test
    void badAllowlistEntriesAreRefusedAtConfiguration() {
        assertThatThrownBy(() -> PayPalCertificateUrls.of("https://api.paypal.com")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PayPalCertificateUrls.of("api.paypal.com:0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(PayPalCertificateUrls::of).isInstanceOf(IllegalArgumentException.class);
    }
}
