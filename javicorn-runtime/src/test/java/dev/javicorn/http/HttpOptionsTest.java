package dev.javicorn.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpOptionsTest {
    @Test
    void defaultsFollowUvicorn() {
        HttpOptions options = HttpOptions.defaults();
        assertThat(options.keepAliveTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.serverHeader()).isTrue();
        assertThat(options.dateHeader()).isTrue();
        assertThat(options.limitConcurrency()).isZero();
        assertThat(options.rootPath()).isEmpty();
        assertThat(options.proxyHeaders()).isFalse();
        assertThat(options.forwardedAllowIps()).containsExactly("127.0.0.1");
    }

    @Test
    void headerParsesNameAndValueAndKeepsLaterColons() {
        assertThat(Header.parse("X-Link: http://a:1/")).isEqualTo(new Header("X-Link", "http://a:1/"));
        assertThat(Header.parse("X-Empty:")).isEqualTo(new Header("X-Empty", ""));
    }

    @Test
    void malformedHeaderIsRejectedInOneLine() {
        for (String bad : List.of("novalue", ":v", "Bad Name:v", "X-A:v\r\nX-B: w")) {
            assertThatThrownBy(() -> Header.parse(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("--header")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", "\r"));
        }
    }

    @Test
    void badValuesAreRejectedWhereTheyEnter() {
        HttpOptions defaults = HttpOptions.defaults();
        assertThatThrownBy(() -> defaults.withKeepAliveTimeout(Duration.ZERO)).hasMessageContaining("--timeout-keep-alive");
        assertThatThrownBy(() -> defaults.withLimitConcurrency(-1)).hasMessageContaining("--limit-concurrency");
        assertThatThrownBy(() -> defaults.withRootPath("api")).hasMessageContaining("--root-path");
        assertThatThrownBy(() -> defaults.withProxyHeaders(true, List.of("proxy.local")))
                .hasMessageContaining("--forwarded-allow-ips");
        assertThatThrownBy(() -> defaults.withProxyHeaders(true, List.of("10.0.0.0/33")))
                .hasMessageContaining("prefix length");
    }

    @Test
    void rootPathLosesItsTrailingSlash() {
        assertThat(HttpOptions.defaults().withRootPath("/api/").rootPath()).isEqualTo("/api");
        assertThat(HttpOptions.defaults().withRootPath("/").rootPath()).isEmpty();
    }

    @Test
    void trustedProxiesMatchAddressesNetworksAndEveryone() throws Exception {
        TrustedProxies proxies = TrustedProxies.parse(List.of("127.0.0.1", "10.1.0.0/16", "::1"));
        assertThat(proxies.trusts(java.net.InetAddress.ofLiteral("10.1.200.3"))).isTrue();
        assertThat(proxies.trusts(java.net.InetAddress.ofLiteral("10.2.0.1"))).isFalse();
        assertThat(proxies.trusts(java.net.InetAddress.ofLiteral("::1"))).isTrue();
        assertThat(proxies.client("1.2.3.4, 10.1.0.9, 127.0.0.1")).isEqualTo("1.2.3.4");
        assertThat(TrustedProxies.parse(List.of("*")).trusts(java.net.InetAddress.ofLiteral("8.8.8.8"))).isTrue();
    }
}
