package org.dataanalyst.rest.internal;

import java.io.IOException;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import org.dataanalyst.api.RunStatus;
import org.dataanalyst.api.SchemaDrift;
import org.dataanalyst.spi.connector.IngestTarget.OnError;

/** The one JSON mapping of the API: snake_case fields, ISO-8601 times, lower-case enums, strict input. */
final class Json {
    private Json() {
    }

    static ObjectMapper mapper() {
        SimpleModule enums = new SimpleModule("analyst-enums");
        enums.addSerializer(RunStatus.class, new LowerCaseEnumSerializer<>(RunStatus.class));
        enums.addSerializer(SchemaDrift.Kind.class, new LowerCaseEnumSerializer<>(SchemaDrift.Kind.class));
        enums.addSerializer(OnError.class, new LowerCaseEnumSerializer<>(OnError.class));
        return JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .addModule(new JavaTimeModule())
                .addModule(enums)
                .addMixIn(SchemaDrift.class, SchemaDriftMixIn.class)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    /** {@link SchemaDrift#isEmpty()} is a convenience, not a field of the API. */
    @JsonIgnoreProperties({"empty"})
    private abstract static class SchemaDriftMixIn {
    }

    private static final class LowerCaseEnumSerializer<E extends Enum<E>> extends StdSerializer<E> {
        private static final long serialVersionUID = 1L;

        LowerCaseEnumSerializer(Class<E> type) {
            super(type);
        }

        @Override
        public void serialize(E value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(value.name().toLowerCase(Locale.ROOT));
        }
    }
}
