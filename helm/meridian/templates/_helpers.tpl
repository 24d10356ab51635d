{{/* Names, labels and the per-service settings every template shares. */}}

{{- define "meridian.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Prefix of every resource: the release name, plus the chart name unless it already has it. */}}
{{- define "meridian.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 30 | trimSuffix "-" -}}
{{- else -}}
{{- $name := include "meridian.name" . -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 30 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 30 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "meridian.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "meridian.labels" -}}
helm.sh/chart: {{ include "meridian.chart" . }}
app.kubernetes.io/name: {{ include "meridian.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/part-of: meridian
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* Selector labels of one service's pods; call with (dict "root" $ "name" "<service>"). */}}
{{- define "meridian.selectorLabels" -}}
app.kubernetes.io/name: {{ include "meridian.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .name }}
{{- end -}}

{{/* Every service pod carries this label (NetworkPolicy peers, ServiceMonitor). */}}
{{- define "meridian.serviceMarker" -}}
meridian.health/role: service
{{- end -}}

{{- define "meridian.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "meridian.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/*
One service's settings: serviceDefaults overlaid with services.<name>, as YAML (use fromYaml).
Call with (dict "root" $ "name" "<service>").
*/}}
{{- define "meridian.service" -}}
{{- $own := index .root.Values.services .name -}}
{{- $merged := mergeOverwrite (deepCopy .root.Values.serviceDefaults) (deepCopy $own) -}}
{{- $_ := set $merged "env" (mergeOverwrite (deepCopy .root.Values.env) (default (dict) $own.env)) -}}
{{- toYaml $merged -}}
{{- end -}}

{{/* The image of a service (name) or of the tools image ("tools"). */}}
{{- define "meridian.image" -}}
{{- $repository := printf "%smeridian/%s" .root.Values.image.registry .name -}}
{{- $tag := default .root.Chart.AppVersion .root.Values.image.tag -}}
{{- with .override -}}
{{- $repository = default $repository .repository -}}
{{- $tag = default $tag .tag -}}
{{- end -}}
{{- printf "%s:%s" $repository $tag -}}
{{- end -}}

{{/*
The non-secret settings every service and hook reads (the ConfigMap's data; hooks, which run
before the ConfigMap exists on install, get them as literal env), as YAML.
*/}}
{{- define "meridian.commonConfig" -}}
KAFKA_BROKERS: {{ .Values.kafka.brokers | quote }}
SCHEMA_REGISTRY_URL: {{ .Values.schemaRegistry.url | quote }}
KAFKA_REPLICATION_FACTOR: {{ .Values.kafka.replicationFactor | toString | quote }}
KAFKA_SSL: {{ ternary "true" "false" .Values.kafka.tls.enabled | quote }}
{{- if include "meridian.kafkaCa" . }}
KAFKA_SSL_CA_FILE: {{ printf "/etc/meridian/kafka-ca/%s" .Values.kafka.tls.caKey | quote }}
{{- end }}
{{- with .Values.kafka.sasl.mechanism }}
KAFKA_SASL_MECHANISM: {{ . | quote }}
KAFKA_SASL_USERNAME: {{ $.Values.kafka.sasl.username | quote }}
{{- end }}
LOG_LEVEL: {{ .Values.logLevel | quote }}
OIDC_ISSUER: {{ .Values.auth.oidcIssuer | quote }}
OIDC_AUDIENCE: {{ .Values.auth.audience | quote }}
OIDC_ROLES_CLAIM: {{ .Values.auth.rolesClaim | quote }}
OIDC_CLOCK_TOLERANCE_S: {{ .Values.auth.clockToleranceSeconds | toString | quote }}
{{- with .Values.tracing.otlpEndpoint }}
OTEL_EXPORTER_OTLP_ENDPOINT: {{ . | quote }}
{{- end }}
{{- with .Values.tracing.jaegerUrl }}
JAEGER_URL: {{ . | quote }}
{{- end }}
{{- end -}}

{{/* "true" when a CA Secret is mounted for Kafka TLS (only with TLS on: KAFKA_SSL_CA_FILE needs it). */}}
{{- define "meridian.kafkaCa" -}}
{{- if and .Values.kafka.tls.enabled .Values.kafka.tls.caSecret -}}true{{- end -}}
{{- end -}}

{{/* Secret-backed Kafka env (the SASL password), for containers that talk to Kafka. */}}
{{- define "meridian.kafkaSecretEnv" -}}
{{- if .Values.kafka.sasl.mechanism -}}
- name: KAFKA_SASL_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ required "kafka.sasl.existingSecret is required with kafka.sasl.mechanism" .Values.kafka.sasl.existingSecret }}
      key: {{ .Values.kafka.sasl.passwordKey }}
{{- end }}
{{- end -}}

{{/* DATABASE_URL of a service from its Secret; call with (dict "root" $ "name" "<service>" "svc" <settings>). */}}
{{- define "meridian.databaseEnv" -}}
{{- $db := default (dict) .svc.database -}}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ default .root.Values.database.existingSecret $db.existingSecret }}
      key: {{ default .name $db.key }}
{{- end -}}

{{/* Volumes every pod has: /tmp, and the Kafka CA when one is configured. */}}
{{- define "meridian.volumes" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ .tmpSizeLimit }}
{{- if include "meridian.kafkaCa" .root }}
- name: kafka-ca
  secret:
    secretName: {{ .root.Values.kafka.tls.caSecret }}
    items:
      - key: {{ .root.Values.kafka.tls.caKey }}
        path: {{ .root.Values.kafka.tls.caKey }}
{{- end }}
{{- end -}}

{{- define "meridian.volumeMounts" -}}
- name: tmp
  mountPath: /tmp
{{- if include "meridian.kafkaCa" . }}
- name: kafka-ca
  mountPath: /etc/meridian/kafka-ca
  readOnly: true
{{- end }}
{{- end -}}

{{- define "meridian.imagePullSecrets" -}}
{{- with .Values.image.pullSecrets -}}
imagePullSecrets:
{{- range . }}
  - name: {{ . }}
{{- end }}
{{- end }}
{{- end -}}

{{/*
A hook Job; call with (dict "root" $ "name" <job suffix> "weight" <int> "image" <image>
"args" <list> "env" <YAML list of EnvVar> "component" <label>).
Hooks run before the Deployments roll on install and upgrade; a failed hook fails the release.
*/}}
{{- define "meridian.hookJob" -}}
{{- $root := .root -}}
{{- $defaults := $root.Values.serviceDefaults -}}
apiVersion: batch/v1
kind: Job
metadata:
  name: {{ printf "%s-%s" (include "meridian.fullname" $root) .name | trunc 63 | trimSuffix "-" }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "meridian.labels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ .component }}
  annotations:
    helm.sh/hook: pre-install,pre-upgrade
    helm.sh/hook-weight: {{ .weight | quote }}
    helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded
spec:
  backoffLimit: {{ $root.Values.hooks.backoffLimit }}
  activeDeadlineSeconds: {{ $root.Values.hooks.activeDeadlineSeconds }}
  template:
    metadata:
      labels:
        {{- include "meridian.labels" $root | nindent 8 }}
        app.kubernetes.io/component: {{ .component }}
    spec:
      restartPolicy: Never
      automountServiceAccountToken: false
      # No <SERVICE>_PORT variables from other Services in the namespace.
      enableServiceLinks: false
      {{- with include "meridian.imagePullSecrets" $root }}{{ . | nindent 6 }}{{ end }}
      securityContext:
        {{- toYaml $defaults.podSecurityContext | nindent 8 }}
      containers:
        - name: {{ .component }}
          image: {{ .image }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          args:
            {{- toYaml .args | nindent 12 }}
          env:
            {{- .env | nindent 12 }}
          resources:
            {{- toYaml $root.Values.hooks.resources | nindent 12 }}
          securityContext:
            {{- toYaml $defaults.securityContext | nindent 12 }}
          volumeMounts:
            {{- include "meridian.volumeMounts" $root | nindent 12 }}
      volumes:
        {{- include "meridian.volumes" (dict "root" $root "tmpSizeLimit" $defaults.tmpSizeLimit) | nindent 8 }}
{{- end -}}

{{/* The commonConfig as a list of EnvVar with literal values (for hooks). */}}
{{- define "meridian.commonEnvLiteral" -}}
{{- range $name, $value := (include "meridian.commonConfig" . | fromYaml) }}
- name: {{ $name }}
  value: {{ $value | quote }}
{{- end }}
{{- end -}}

{{/* EnvVar YAML lists joined into one (empty parts dropped). */}}
{{- define "meridian.joinEnv" -}}
{{- $parts := list -}}
{{- range . }}{{ $parts = append $parts (trim .) }}{{ end -}}
{{- compact $parts | join "\n" -}}
{{- end -}}
