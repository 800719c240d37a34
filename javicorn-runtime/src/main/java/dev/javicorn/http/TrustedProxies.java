package dev.javicorn.http;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The peers whose {@code X-Forwarded-For} and {@code X-Forwarded-Proto} headers are believed, from
 * {@code --forwarded-allow-ips}: {@code *}, literal IPv4/IPv6 addresses, or networks in CIDR form.
 *
 * <p>Immutable; safe to use from any thread. Host names are refused: resolving them per request
 * would put DNS on the hot path, and resolving them once would go stale.
 */
final class TrustedProxies {
    private final boolean everyone;
    private final List<Network> networks;

    private TrustedProxies(boolean everyone, List<Network> networks) {
        this.everyone = everyone;
        this.networks = networks;
    }

    /** @throws IllegalArgumentException naming the first entry that is not {@code *}, an IP or a CIDR */
    static TrustedProxies parse(List<String> entries) {
        boolean everyone = false;
        List<Network> networks = new ArrayList<>();
        for (String raw : entries) {
            String entry = raw.strip();
            if (entry.equals("*")) {
                everyone = true;
            } else {
                networks.add(Network.parse(entry));
            }
        }
        return new TrustedProxies(everyone, List.copyOf(networks));
    }

    boolean trusts(InetAddress peer) {
        if (everyone) {
            return true;
        }
        for (Network network : networks) {
            if (network.contains(peer)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The client named by an {@code X-Forwarded-For} value: walking from the nearest hop, the first
     * address that is not a trusted proxy (a trusted proxy could have been told anything by the
     * hop before it, the rest could not). When every hop is trusted, the farthest one.
     */
    String client(String forwardedFor) {
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].strip();
            InetAddress address = literal(hop);
            if (address == null || !trusts(address)) {
                return hop;
            }
        }
        return hops[0].strip();
    }

    private static InetAddress literal(String text) {
        try {
            return InetAddress.ofLiteral(text);
        } catch (IllegalArgumentException notAnAddress) {
            return null;
        }
    }

    private record Network(byte[] address, int prefixBits) {
        static Network parse(String entry) {
            int slash = entry.indexOf('/');
            InetAddress address = literal(slash < 0 ? entry : entry.substring(0, slash));
            if (address == null) {
                throw new IllegalArgumentException(
                        "--forwarded-allow-ips entry is not '*', an IP address or a CIDR network: '" + entry + "'");
            }
            int maxBits = address.getAddress().length * 8;
            int bits = maxBits;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(entry.substring(slash + 1));
                } catch (NumberFormatException e) {
                    bits = -1;
                }
                if (bits < 0 || bits > maxBits) {
                    throw new IllegalArgumentException("--forwarded-allow-ips entry has a bad prefix length: '" + entry + "'");
                }
            }
            return new Network(address.getAddress(), bits);
        }

        boolean contains(InetAddress peer) {
            byte[] candidate = peer.getAddress();
            if (candidate.length != address.length) {
                return false;
            }
            int fullBytes = prefixBits / 8;
            for (int i = 0; i < fullBytes; i++) {
                if (candidate[i] != address[i]) {
                    return false;
                }
            }
            int restBits = prefixBits % 8;
            if (restBits == 0) {
                return true;
            }
            int mask = 0xFF << (8 - restBits) & 0xFF;
            return (candidate[fullBytes] & mask) == (address[fullBytes] & mask);
        }
    }
}
