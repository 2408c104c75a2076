package transport

import (
	"context"
	"errors"
	"time"

	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/metrics"
	"github.com/aws/smithy-go/tracing"
)

// Tracing and metrics: used only when Options set a provider, so a client
// without them pays one nil check per call.

const instrumentationScope = "github.com/ssooidc-go/ssooidc"

func startSpan(ctx context.Context, tp tracing.TracerProvider, op *Operation) (context.Context, tracing.Span) {
	return tp.Tracer(instrumentationScope).StartSpan(ctx, op.Service.ID+"."+op.Name, func(o *tracing.SpanOptions) {
		o.Kind = tracing.SpanKindClient
		o.Properties.Set("rpc.system", "aws-api")
		o.Properties.Set("rpc.service", op.Service.ID)
		o.Properties.Set("rpc.method", op.Name)
	})
}

func endSpan(span tracing.Span, meta Metadata, err error) {
	span.SetProperty("aws.request_id", meta.RequestID)
	span.SetProperty("http.response.status_code", meta.HTTPStatusCode)
	span.SetProperty("ssooidc.attempts", meta.Attempts)
	if err != nil {
		span.SetStatus(tracing.SpanStatusError)
		var ae smithy.APIError
		if errors.As(err, &ae) {
			span.SetProperty("exception.type", ae.ErrorCode())
		}
	} else {
		span.SetStatus(tracing.SpanStatusOK)
	}
	span.End()
}

// callMeter holds the instruments of a client with a MeterProvider.
type callMeter struct {
	duration metrics.Float64Histogram
	attempts metrics.Int64Counter
	errors   metrics.Int64Counter
}

func newCallMeter(mp metrics.MeterProvider) *callMeter {
	if mp == nil {
		return nil
	}
	m := mp.Meter(instrumentationScope)
	var cm callMeter
	var errs [3]error
	cm.duration, errs[0] = m.Float64Histogram("client.call.duration", func(o *metrics.InstrumentOptions) {
		o.UnitLabel, o.Description = "s", "Time of a call, all attempts included"
	})
	cm.attempts, errs[1] = m.Int64Counter("client.call.attempts", func(o *metrics.InstrumentOptions) {
		o.UnitLabel, o.Description = "{attempt}", "Attempts made"
	})
	cm.errors, errs[2] = m.Int64Counter("client.call.errors", func(o *metrics.InstrumentOptions) {
		o.UnitLabel, o.Description = "{error}", "Calls that failed"
	})
	if errors.Join(errs[:]...) != nil {
		return nil // a provider that cannot make an instrument gets no metrics
	}
	return &cm
}

func (m *callMeter) record(ctx context.Context, op *Operation, start time.Time, attempts int, err error) {
	props := func(o *metrics.RecordMetricOptions) {
		o.Properties.Set("rpc.service", op.Service.ID)
		o.Properties.Set("rpc.method", op.Name)
	}
	m.duration.Record(ctx, time.Since(start).Seconds(), props)
	m.attempts.Add(ctx, int64(attempts), props)
	if err != nil {
		m.errors.Add(ctx, 1, props)
	}
}
