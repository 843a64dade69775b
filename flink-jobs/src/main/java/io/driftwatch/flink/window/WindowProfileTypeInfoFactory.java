package io.driftwatch.flink.window;

import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Tells Flink's type extraction to use {@link WindowProfileSerializer} wherever a WindowProfile appears. */
public final class WindowProfileTypeInfoFactory extends TypeInfoFactory<WindowProfile> {
    @Override
    public TypeInformation<WindowProfile> createTypeInfo(Type type, Map<String, TypeInformation<?>> genericParameters) {
        return new WindowProfileTypeInfo();
    }

    /** Type information of {@link WindowProfile}: an atomic, non-key type with its own serializer. */
    static final class WindowProfileTypeInfo extends TypeInformation<WindowProfile> {
        @Override
        public boolean isBasicType() {
            return false;
        }

        @Override
        public boolean isTupleType() {
            return false;
        }

        @Override
        public int getArity() {
            return 1;
        }

        @Override
        public int getTotalFields() {
            return 1;
        }

        @Override
        public Class<WindowProfile> getTypeClass() {
            return WindowProfile.class;
        }

        @Override
        public boolean isKeyType() {
            return false;
        }

        @Override
        public TypeSerializer<WindowProfile> createSerializer(SerializerConfig config) {
            return WindowProfileSerializer.INSTANCE;
        }

        @Override
        public String toString() {
            return "WindowProfile";
        }

        @Override
        public boolean equals(Object obj) {
            return obj instanceof WindowProfileTypeInfo;
        }

        @Override
        public int hashCode() {
            return WindowProfileTypeInfo.class.hashCode();
        }

        @Override
        public boolean canEqual(Object obj) {
            return obj instanceof WindowProfileTypeInfo;
        }
    }
}
