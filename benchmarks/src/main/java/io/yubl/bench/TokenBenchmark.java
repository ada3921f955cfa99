package io.yubl.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.yubl.contracts.Contracts;
import io.yubl.middleware.auth.Principal;
import io.yubl.middleware.auth.TokenKeys;
import io.yubl.middleware.auth.TokenKeys.TokenKey;
import io.yubl.middleware.auth.TokenLifetimes;
import io.yubl.middleware.auth.TokenSigner;
import io.yubl.middleware.auth.TokenVerifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a bearer token costs the authorizer per request, in-process (no emulator), against raw Nimbus JOSE in the same
 * run. Each round verifies the same tokens four ways, in an order that rotates from round to round:
 * <ul>
 *   <li><b>rawEs256</b>: parse and check the ES256 signature with one prebuilt Nimbus verifier, nothing else (the
 *       baseline);</li>
 *   <li><b>verifier</b>: {@link TokenVerifier#verify}: the key looked up by kid among two signers' keys, the
 *       signature, issuer, audience, expiry, the subject's binding to the key, the lifetime cap;</li>
 *   <li><b>rawHs256</b>: parse and check an HS256 signature (the scheme before per-caller keys), for what asymmetric
 *       signatures cost;</li>
 *   <li><b>signer</b>: {@link TokenSigner#issue}, what distribute-yubl pays once an hour and the monolith per
 * login.</li>
 * </ul>
 * Figures: the median over the rounds of each way's tokens/s and of its ratio to rawEs256 in the same round, with
 * their spread. Writes bench-results/tokens.json. Usage: TokenBenchmark [tokensPerRound=2000] [rounds=9]
 */
public final class TokenBenchmark {
    private static final List<String> WAYS = List.of("rawEs256", "verifier", "rawHs256", "signer");
    private static final String HMAC_KEY = "a-shared-secret-of-at-least-thirty-two-bytes";

    public static void main(String[] args) throws Exception {
        int tokens = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 9;
        Instant now = Instant.now();
        TokenKey monolith = TokenKeys.generate(
                "legacy-monolith", List.of("user:*", "service:legacy-monolith"), now.minusSeconds(60));
        TokenKey distribute =
                TokenKeys.generate("distribute-yubl", List.of("service:distribute-yubl"), now.minusSeconds(60));
        TokenKeys keys = new TokenKeys(List.of(monolith, distribute));
        TokenKeys published = keys.publicParts();
        TokenSigner signer = new TokenSigner(() -> keys, Clock.systemUTC(), TokenLifetimes.DEFAULT);
        TokenVerifier verifier = new TokenVerifier(() -> published, Clock.systemUTC(), TokenLifetimes.DEFAULT);
        JWSVerifier rawEs256 = new ECDSAVerifier(
                published.forVerifying(monolith.kid(), now).orElseThrow().jwk());
        List<String> es256 = new ArrayList<>();
        List<String> hs256 = new ArrayList<>();
        for (int i = 0; i < tokens; i++) {
            es256.add(signer.issue(Principal.user("bench-" + i), Duration.ofHours(12)));
            hs256.add(hs256(Principal.user("bench-" + i)));
        }

        Map<String, List<Double>> rates = new LinkedHashMap<>();
        Map<String, List<Double>> ratios = new LinkedHashMap<>();
        WAYS.forEach(way -> {
            rates.put(way, new ArrayList<>());
            ratios.put(way, new ArrayList<>());
        });
        // one warm-up round, not counted: the JIT compiles Nimbus' and the JDK's EC code first
        for (int round = -1; round < rounds; round++) {
            Map<String, Double> rate = new LinkedHashMap<>();
            for (int w = 0; w < WAYS.size(); w++) {
                String way = WAYS.get(Math.floorMod(w + round, WAYS.size()));
                long t0 = System.nanoTime();
                for (int i = 0; i < tokens; i++) {
                    switch (way) {
                        case "rawEs256" -> check(SignedJWT.parse(es256.get(i)).verify(rawEs256));
                        case "verifier" -> verifier.verify(es256.get(i));
                        case "rawHs256" -> check(SignedJWT.parse(hs256.get(i)).verify(new MACVerifier(HMAC_KEY)));
                        default -> signer.issue(Principal.user("bench-" + i), Duration.ofHours(12));
                    }
                }
                rate.put(way, tokens / ((System.nanoTime() - t0) / 1e9));
            }
            if (round < 0) {
                continue;
            }
            for (String way : WAYS) {
                rates.get(way).add(rate.get(way));
                ratios.get(way).add(rate.get(way) / rate.get("rawEs256"));
            }
            System.out.printf("round %d: %s%n", round + 1, describe(rate));
        }

        ObjectNode json = Contracts.json()
                .createObjectNode()
                .put("benchmark", "tokens")
                .put("at", Instant.now().toString())
                .put("tokensPerRound", tokens)
                .put("rounds", rounds);
        ObjectNode ways = json.putObject("ways");
        for (String way : WAYS) {
            Spread rate = Spread.of(rates.get(way));
            Spread ratio = Spread.of(ratios.get(way));
            ObjectNode node = ways.putObject(way);
            node.set("tokensPerSecond", rate.json());
            node.set("ratioToRawEs256", ratio.json());
            System.out.printf("%-9s %s tokens/s; %s of rawEs256%n", way, rate.describe("%.0f"), ratio.describe("%.2f"));
        }
        System.out.println("written to " + BenchResults.write("tokens", json).toAbsolutePath());
    }

    private static void check(boolean valid) {
        if (!valid) {
            throw new IllegalStateException("a benchmark token did not verify");
        }
    }

    private static String describe(Map<String, Double> rate) {
        StringBuilder line = new StringBuilder();
        rate.forEach((way, r) -> line.append(String.format("%s %.0f/s  ", way, r)));
        return line.toString().trim();
    }

    private static String hs256(Principal principal) throws JOSEException {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(principal.wire())
                .issuer(TokenVerifier.ISSUER)
                .audience(TokenVerifier.AUDIENCE)
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plusSeconds(3600)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(HMAC_KEY));
        return jwt.serialize();
    }
}
