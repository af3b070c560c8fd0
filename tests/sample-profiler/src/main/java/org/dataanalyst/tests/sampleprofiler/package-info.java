/**
 * The sample profiler plugin: one Declarative Services component, {@link SampleSumsProfiler}. Private to this
 * bundle, like every plugin's code: a plugin exports nothing.
 */
package org.dataanalyst.tests.sampleprofiler;
