package ssooidc

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/aws/smithy-go/logging"
	"github.com/aws/smithy-go/metrics"
	"github.com/aws/smithy-go/tracing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeTracer records spans.
type fakeTracer struct {
	mu    sync.Mutex
	spans []*fakeSpan
}

func (f *fakeTracer) Tracer(string, ...tracing.TracerOption) tracing.Tracer { return f }

func (f *fakeTracer) StartSpan(ctx context.Context, name string, opts ...tracing.SpanOption) (context.Context, tracing.Span) {
	var o tracing.SpanOptions
	for _, fn := range opts {
		fn(&o)
	}
	s := &fakeSpan{name: name, kind: o.Kind, props: map[any]any{}}
	for k, v := range o.Properties.Values() {
		s.props[k] = v
	}
	f.mu.Lock()
	f.spans = append(f.spans, s)
	f.mu.Unlock()
	return ctx, s
}

type fakeSpan struct {
	name   string
	kind   tracing.SpanKind
	props  map[any]any
	status tracing.SpanStatus
	ended  bool
}

func (s *fakeSpan) Name() string                            { return s.name }
func (s *fakeSpan) Context() tracing.SpanContext            { return tracing.SpanContext{} }
func (s *fakeSpan) AddEvent(string, ...tracing.EventOption) {}
func (s *fakeSpan) SetStatus(st tracing.SpanStatus)         { s.status = st }
func (s *fakeSpan) SetProperty(k, v any)                    { s.props[k] = v }
func (s *fakeSpan) End()                                    { s.ended = true }

// fakeMeter records what instruments receive, by instrument name.
type fakeMeter struct {
	metrics.Meter // unimplemented methods panic: the client must not call them
	mu            sync.Mutex
	values        map[string][]float64
}

type fakeMeterProvider struct{ m *fakeMeter }

func (p fakeMeterProvider) Meter(string, ...metrics.MeterOption) metrics.Meter { return p.m }
func (m *fakeMeter) record(name string, v float64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.values[name] = append(m.values[name], v)
}
func (m *fakeMeter) Int64Counter(name string, _ ...metrics.InstrumentOption) (metrics.Int64Counter, error) {
	return int64Instrument{m, name}, nil
}
func (m *fakeMeter) Float64Histogram(name string, _ ...metrics.InstrumentOption) (metrics.Float64Histogram, error) {
	return float64Instrument{m, name}, nil
}

type int64Instrument struct {
	m    *fakeMeter
	name string
}

func (i int64Instrument) Add(_ context.Context, v int64, _ ...metrics.RecordMetricOption) {
	i.m.record(i.name, float64(v))
}

type float64Instrument struct {
	m    *fakeMeter
	name string
}

func (i float64Instrument) Record(_ context.Context, v float64, _ ...metrics.RecordMetricOption) {
	i.m.record(i.name, v)
}

func TestTracingAndMetrics(t *testing.T) {
	tracer := &fakeTracer{}
	meter := &fakeMeter{values: map[string][]float64{}}
	calls := 0
	c := setup(t, func(w http.ResponseWriter, r *http.Request) {
		calls++
		w.Header().Set("X-Amzn-Requestid", "rid")
		if calls == 1 {
			w.WriteHeader(503)
			return
		}
		if calls == 3 {
			w.Header().Set("X-Amzn-Errortype", "InvalidGrantException")
			w.WriteHeader(400)
			return
		}
		w.Write([]byte(`{}`))
	}, func(o *Options) {
		o.TracerProvider, o.MeterProvider = tracer, fakeMeterProvider{meter}
		o.RetryMaxAttempts, o.RetryMaxBackoff = 2, 1
	})
	_, err := c.CreateToken(context.Background(), tokenInput())
	require.NoError(t, err)
	_, err = c.CreateToken(context.Background(), tokenInput())
	require.Error(t, err)

	require.Len(t, tracer.spans, 2)
	ok, failed := tracer.spans[0], tracer.spans[1]
	assert.Equal(t, "SSO OIDC.CreateToken", ok.name)
	assert.Equal(t, tracing.SpanKindClient, ok.kind)
	assert.Equal(t, "CreateToken", ok.props["rpc.method"])
	assert.Equal(t, "rid", ok.props["aws.request_id"])
	assert.Equal(t, 2, ok.props["ssooidc.attempts"])
	assert.Equal(t, tracing.SpanStatusOK, ok.status)
	assert.True(t, ok.ended)
	assert.Equal(t, tracing.SpanStatusError, failed.status)
	assert.Equal(t, "InvalidGrantException", failed.props["exception.type"])
	assert.True(t, failed.ended)

	assert.Equal(t, []float64{2, 1}, meter.values["client.call.attempts"])
	assert.Equal(t, []float64{1}, meter.values["client.call.errors"])
	assert.Len(t, meter.values["client.call.duration"], 2)
}

// TestPerCallObservability: a provider or logger passed for one call is used
// for that call only.
func TestPerCallObservability(t *testing.T) {
	c := setup(t, func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(`{}`)) })
	meter := &fakeMeter{values: map[string][]float64{}}
	tracer := &fakeTracer{}
	var logged strings.Builder
	perCall := func(o *Options) {
		o.MeterProvider, o.TracerProvider = fakeMeterProvider{meter}, tracer
		o.Logger, o.ClientLogMode = logging.LoggerFunc(func(_ logging.Classification, f string, v ...any) {
			fmt.Fprintf(&logged, f, v...)
		}), LogRequest
	}
	_, err := c.CreateToken(context.Background(), tokenInput(), perCall)
	require.NoError(t, err)
	assert.Equal(t, []float64{1}, meter.values["client.call.attempts"])
	assert.Len(t, tracer.spans, 1)
	assert.Contains(t, logged.String(), "POST /token")

	_, err = c.CreateToken(context.Background(), tokenInput())
	require.NoError(t, err)
	assert.Equal(t, []float64{1}, meter.values["client.call.attempts"], "a call without the option is not recorded")
	assert.Len(t, tracer.spans, 1)

	// A client's provider set again for one call keeps its instruments.
	own := &countingMeterProvider{fakeMeterProvider: fakeMeterProvider{meter}}
	c = setup(t, func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(`{}`)) }, func(o *Options) { o.MeterProvider = own })
	_, err = c.CreateToken(context.Background(), tokenInput(), func(o *Options) { o.AppID = "x" })
	require.NoError(t, err)
	assert.Equal(t, 1, own.meters, "instruments made once")
	assert.Equal(t, []float64{1, 1}, meter.values["client.call.attempts"])
}

type countingMeterProvider struct {
	fakeMeterProvider
	meters int
}

func (p *countingMeterProvider) Meter(s string, o ...metrics.MeterOption) metrics.Meter {
	p.meters++
	return p.fakeMeterProvider.Meter(s, o...)
}

// uncomparableMeterProvider cannot be compared with ==, which would panic.
type uncomparableMeterProvider struct {
	fakeMeterProvider
	tags []string
}

// TestUncomparableMeterProvider: a provider == cannot compare works for the
// client and for a call with options (it gets instruments of its own), and
// setting nil for one call turns metrics off for that call.
func TestUncomparableMeterProvider(t *testing.T) {
	meter := &fakeMeter{values: map[string][]float64{}}
	mp := uncomparableMeterProvider{fakeMeterProvider{meter}, []string{"x"}}
	c := setup(t, func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(`{}`)) }, func(o *Options) { o.MeterProvider = mp })
	_, err := c.CreateToken(context.Background(), tokenInput())
	require.NoError(t, err)
	_, err = c.CreateToken(context.Background(), tokenInput(), func(o *Options) { o.AppID = "x" })
	require.NoError(t, err)
	assert.Equal(t, []float64{1, 1}, meter.values["client.call.attempts"])
	_, err = c.CreateToken(context.Background(), tokenInput(), func(o *Options) { o.MeterProvider = nil })
	require.NoError(t, err)
	assert.Equal(t, []float64{1, 1}, meter.values["client.call.attempts"], "no metrics without a provider")
}
