// A small OpenTelemetry Collector for the integration tests: the OTLP receiver (HTTP and gRPC) and an exporter that appends what arrives, as OTLP JSON lines, to a file.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/confmap"
	"go.opentelemetry.io/collector/confmap/provider/envprovider"
	"go.opentelemetry.io/collector/confmap/provider/fileprovider"
	"go.opentelemetry.io/collector/exporter"
	"go.opentelemetry.io/collector/exporter/exporterhelper"
	"go.opentelemetry.io/collector/otelcol"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/pmetric"
	"go.opentelemetry.io/collector/receiver/otlpreceiver"
	"go.opentelemetry.io/collector/service/telemetry"
	"go.uber.org/zap"
)

var jsonFileType = component.MustNewType("jsonfile")

// jsonFileConfig names the file every batch is appended to, one OTLP JSON document a line.
type jsonFileConfig struct {
	Path string `mapstructure:"path"`
}

func (c *jsonFileConfig) Validate() error {
	if c.Path == "" {
		return errors.New("jsonfile: path must be set")
	}
	return nil
}

// jsonFileWriter is shared by the logs and the metrics exporter of one config, so their lines never interleave.
type jsonFileWriter struct {
	mu    sync.Mutex
	path  string
	file  *os.File
	users int
}

var (
	writersMu sync.Mutex
	writers   = map[string]*jsonFileWriter{}
)

func writerFor(path string) *jsonFileWriter {
	writersMu.Lock()
	defer writersMu.Unlock()
	w, ok := writers[path]
	if !ok {
		w = &jsonFileWriter{path: path}
		writers[path] = w
	}
	return w
}

func (w *jsonFileWriter) start(context.Context, component.Host) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.users++
	if w.file != nil {
		return nil
	}
	f, err := os.OpenFile(w.path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	w.file = f
	return nil
}

func (w *jsonFileWriter) shutdown(context.Context) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.users--
	if w.users > 0 || w.file == nil {
		return nil
	}
	err := w.file.Close()
	w.file = nil
	return err
}

// writeLine writes and syncs before the receiver answers, so a client that got its response finds the line in the file.
func (w *jsonFileWriter) writeLine(doc []byte, err error) error {
	if err != nil {
		return err
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.file == nil {
		return errors.New("jsonfile: not started")
	}
	if _, err := w.file.Write(append(doc, '\n')); err != nil {
		return err
	}
	return w.file.Sync()
}

func newJSONFileFactory() exporter.Factory {
	return exporter.NewFactory(
		jsonFileType,
		func() component.Config { return &jsonFileConfig{} },
		exporter.WithLogs(func(ctx context.Context, set exporter.Settings, cfg component.Config) (exporter.Logs, error) {
			w := writerFor(cfg.(*jsonFileConfig).Path)
			marshaler := &plog.JSONMarshaler{}
			return exporterhelper.NewLogs(ctx, set, cfg,
				func(_ context.Context, ld plog.Logs) error { return w.writeLine(marshaler.MarshalLogs(ld)) },
				exporterhelper.WithStart(w.start), exporterhelper.WithShutdown(w.shutdown))
		}, component.StabilityLevelDevelopment),
		exporter.WithMetrics(func(ctx context.Context, set exporter.Settings, cfg component.Config) (exporter.Metrics, error) {
			w := writerFor(cfg.(*jsonFileConfig).Path)
			marshaler := &pmetric.JSONMarshaler{}
			return exporterhelper.NewMetrics(ctx, set, cfg,
				func(_ context.Context, md pmetric.Metrics) error { return w.writeLine(marshaler.MarshalMetrics(md)) },
				exporterhelper.WithStart(w.start), exporterhelper.WithShutdown(w.shutdown))
		}, component.StabilityLevelDevelopment),
	)
}

// ownTelemetry logs to stderr (the test waits for the "Everything is ready" line) and keeps no metrics of its own: no
// port beyond the receiver's is opened, and none of the standard telemetry's cloud resource detectors is linked in.
func ownTelemetry() telemetry.Factory {
	return telemetry.NewFactory(
		func() component.Config { return &struct{}{} },
		telemetry.WithCreateLogger(func(_ context.Context, set telemetry.LoggerSettings, _ component.Config) (*zap.Logger, component.ShutdownFunc, error) {
			config := zap.NewProductionConfig()
			config.Sampling = nil
			logger, err := set.BuildZapLogger(config)
			return logger, nil, err
		}),
	)
}

func components() (otelcol.Factories, error) {
	receivers, err := otelcol.MakeFactoryMap(otlpreceiver.NewFactory())
	if err != nil {
		return otelcol.Factories{}, err
	}
	exporters, err := otelcol.MakeFactoryMap(newJSONFileFactory())
	if err != nil {
		return otelcol.Factories{}, err
	}
	return otelcol.Factories{Receivers: receivers, Exporters: exporters, Telemetry: ownTelemetry()}, nil
}

func main() {
	settings := otelcol.CollectorSettings{
		BuildInfo: component.BuildInfo{Command: "gohealth-otelcol", Description: "OpenTelemetry Collector for Go Health's tests", Version: "0.165.0"},
		Factories: components,
		ConfigProviderSettings: otelcol.ConfigProviderSettings{
			ResolverSettings: confmap.ResolverSettings{ProviderFactories: []confmap.ProviderFactory{fileprovider.NewFactory(), envprovider.NewFactory()}},
		},
	}
	if err := otelcol.NewCommand(settings).Execute(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
