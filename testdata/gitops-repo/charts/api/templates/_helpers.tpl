{{- define "api.fullname" -}}{{ .Release.Name }}-api{{- end }}
