package io.driftwatch.flink.window;

import io.driftwatch.flink.state.OwnFormatTypeInfo;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/** Tells Flink's type extraction to use {@link WindowProfileSerializer} wherever a WindowProfile appears. */
public final class WindowProfileTypeInfoFactory extends TypeInfoFactory<WindowProfile> {
    @Override
    public TypeInformation<WindowProfile> createTypeInfo(Type type, Map<String, TypeInformation<?>> genericParameters) {
        return new OwnFormatTypeInfo<>(WindowProfile.class, WindowProfileSerializer.INSTANCE);
    }
}
