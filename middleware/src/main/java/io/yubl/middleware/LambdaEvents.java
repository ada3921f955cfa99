package io.yubl.middleware;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.Date;
import java.util.function.BiFunction;

/**
 * Lambda's event documents (Kinesis, SQS, API Gateway HTTP API) read into, and responses written from, the classes
 * of aws-lambda-java-events with the function's own Jackson. The middleware's handlers are stream handlers on the
 * runtime for this reason: the runtime's own serialization of those classes loads joda-time from the function's
 * class path, 0.6 MB in every artifact for types no handler here uses. The documents are AWS's: {@code Records} and
 * {@code eventSourceARN} however they are cased, Kinesis data in base64, arrival times in epoch seconds.
 */
public final class LambdaEvents {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .addModule(new SimpleModule().addDeserializer(Date.class, new EpochSeconds()))
            .build();

    private LambdaEvents() {}

    /**
     * One invocation of a typed handler on the runtime's stream: the event read, the handler run, its answer written.
     */
    public static <I, O> void handle(
            InputStream in, OutputStream out, Context context, Class<I> eventType, BiFunction<I, Context, O> handler)
            throws IOException {
        write(out, handler.apply(read(in, eventType), context));
    }

    public static <I> I read(InputStream in, Class<I> eventType) throws IOException {
        return JSON.readValue(in, eventType);
    }

    public static void write(OutputStream out, Object response) throws IOException {
        JSON.writeValue(out, response);
    }

    /** Lambda writes event times as epoch seconds with a fraction ({@code 1545084650.987}). */
    private static final class EpochSeconds extends JsonDeserializer<Date> {
        @Override
        public Date deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken().isNumeric()) {
                return new Date(parser.getDecimalValue().movePointRight(3).longValue());
            }
            return new Date(new BigDecimal(parser.getValueAsString().trim())
                    .movePointRight(3)
                    .longValue());
        }
    }
}
