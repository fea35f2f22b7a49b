# An image that only carries the unpacked bundle, for the initContainer of values.yaml: it copies
# /vivo_java into the pod's emptyDir, which the Fluent Bit container mounts at /plugins.
#   docker build -f deploy/helm/bundle.Dockerfile -t <registry>/vivo-java-bundle:0.1.0 .
FROM busybox:1.37
ARG BUNDLE=build/dist/vivo_java-0.1.0-SNAPSHOT-linux-x86_64.tar.gz
ADD ${BUNDLE} /
