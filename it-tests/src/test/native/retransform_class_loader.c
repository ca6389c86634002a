/*
 * A native agent for NativeLateAgentTest: attached to a running JVM, it retransforms
 * java.lang.ClassLoader once, as a native APM agent might, and prints the JVMTI error code.
 */
#include <jvmti.h>
#include <stdio.h>
#include <string.h>

JNIEXPORT jint JNICALL Agent_OnAttach(JavaVM *vm, char *options, void *reserved) {
  jvmtiEnv *jvmti;
  JNIEnv *jni;
  if ((*vm)->GetEnv(vm, (void **)&jvmti, JVMTI_VERSION_1_2) != JNI_OK) {
    return 1;
  }
  if ((*vm)->GetEnv(vm, (void **)&jni, JNI_VERSION_1_8) != JNI_OK) {
    return 1;
  }
  jvmtiCapabilities capabilities;
  memset(&capabilities, 0, sizeof(capabilities));
  capabilities.can_retransform_classes = 1;
  if ((*jvmti)->AddCapabilities(jvmti, &capabilities) != JVMTI_ERROR_NONE) {
    return 2;
  }
  jclass class_loader = (*jni)->FindClass(jni, "java/lang/ClassLoader");
  jvmtiError error = (*jvmti)->RetransformClasses(jvmti, 1, &class_loader);
  printf("native agent retransformed ClassLoader: error %d\n", error);
  fflush(stdout);
  return 0;
}
