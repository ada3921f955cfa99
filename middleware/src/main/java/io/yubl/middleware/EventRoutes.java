package io.yubl.middleware;

import io.yubl.contracts.EventEnvelope;
import io.yubl.contracts.EventPayload;
import io.yubl.contracts.EventType;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * Which of a function's processors takes which event type. The chain routes each event once, by its type, and hands
 * the processor the payload already typed: processors hold no casts and no {@code instanceof} chains. A type without
 * a route is skipped. Built once, at class initialization:
 * {@code EventRoutes.on(YublPosted.class, store::posted).on(YublDeleted.class, store::deleted)}.
 */
public final class EventRoutes {

    /** The plain Java a function hands one type of event to: its payload, and the envelope it came in. */
    @FunctionalInterface
    public interface EventProcessor<P extends EventPayload> {
        void process(P payload, EventEnvelope event) throws Exception;
    }

    private final Map<EventType, EventProcessor<EventPayload>> routes;

    private EventRoutes(Map<EventType, EventProcessor<EventPayload>> routes) {
        this.routes = routes;
    }

    /** The routes with one: events whose payload is a {@code type} go to {@code processor}. */
    public static <P extends EventPayload> EventRoutes on(Class<P> type, EventProcessor<? super P> processor) {
        return new EventRoutes(new EnumMap<>(EventType.class)).and(type, processor);
    }

    /** These routes and one more; a type routed twice is a mistake, and an error. */
    public <P extends EventPayload> EventRoutes and(Class<P> type, EventProcessor<? super P> processor) {
        EventType eventType = typeOf(type);
        if (routes.containsKey(eventType)) {
            throw new IllegalArgumentException(eventType.wireName() + " is routed twice");
        }
        Map<EventType, EventProcessor<EventPayload>> more = new EnumMap<>(EventType.class);
        more.putAll(routes);
        more.put(eventType, (payload, event) -> processor.process(type.cast(payload), event));
        return new EventRoutes(more);
    }

    /** The event types with a route. */
    public Set<EventType> types() {
        return Collections.unmodifiableSet(routes.keySet());
    }

    /** True when the event was routed and processed; false when no route takes its type (it is skipped). */
    boolean process(EventEnvelope event) throws Exception {
        EventProcessor<EventPayload> processor = routes.get(event.type());
        if (processor == null) {
            return false;
        }
        processor.process(event.payload(), event);
        return true;
    }

    private static EventType typeOf(Class<? extends EventPayload> payloadType) {
        for (EventType type : EventType.values()) {
            if (type.payloadType() == payloadType) {
                return type;
            }
        }
        throw new IllegalArgumentException("no event type has payload " + payloadType.getName());
    }
}
