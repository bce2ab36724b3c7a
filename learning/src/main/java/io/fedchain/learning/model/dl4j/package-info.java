/**
 * Reference networks run by DL4J/ND4J behind the {@link io.fedchain.learning.model.Model}
 * interface, so the trainer, aggregators and codecs treat them like the plain-Java models.
 *
 * <p>Only this package links against DL4J; {@link io.fedchain.learning.model.ModelSpec.Dl4j} loads
 * {@link io.fedchain.learning.model.dl4j.Dl4jModels} by reflection, and the DL4J dependencies of
 * module {@code learning} are optional.
 *
 * <p>ND4J keeps tensors off the Java heap. JavaCPP caps that memory at
 * {@code -Dorg.bytedeco.javacpp.maxbytes} (default: the heap's maximum size) and the resident size
 * of the whole process at {@code -Dorg.bytedeco.javacpp.maxphysicalbytes} (default: four times
 * that); set both when the heap is large, and {@code OMP_NUM_THREADS=1} on small machines, where
 * ND4J's extra threads make these small networks slower.
 */
package io.fedchain.learning.model.dl4j;
