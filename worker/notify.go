package worker

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"gendan/models"
	"gendan/notify"
	"gendan/notify/chat"
	"gendan/notify/webpush"
)

// NotifyJob names the dispatcher in logs.
const NotifyJob = "notify_dispatch"

// Each channel gives the dispatcher a notify.Sender bound to one target,
// and every delivery goes through that one interface (notify.Sender's
// contract, tested over all three in notify/contract_test.go).

// Mailer is the e-mail channel (notify/email.SMTP).
type Mailer interface {
	To(addr string) notify.Sender
}

// Pusher is Web Push (notify/webpush.Sender).
type Pusher interface {
	To(sub webpush.Subscription) notify.Sender
}

// Poster is chat robots (notify/chat.Poster).
type Poster interface {
	To(r chat.Robot) notify.Sender
}

// Dispatcher delivers notification sends (docs/NOTIFICATIONS.md). Every
// node runs one: each pass claims due sends with a lease
// (models.ClaimSends: locked FOR UPDATE SKIP LOCKED on MySQL), so two
// nodes never hold the same send; it delivers them one by one and records
// each outcome at once (models.FinishSend), only while its claim still
// holds. A node that is stopped (SIGTERM) mid-batch finishes and records
// the send it has started and gives its other claims back at once
// (models.ReleaseSends): nothing is lost or sent twice. A node that dies
// (SIGKILL, a crash) leaves its unsent claims, which another node takes
// once their lease passes: nothing is lost. What no sender can promise is
// the moment between a channel's "accepted" and the record of it: a node
// killed exactly there sends that one message again, under the same
// idempotency key (the e-mail's Message-ID, the push's topic), by which a
// receiver recognises it (docs/NOTIFICATIONS.md, "Exactly once").
type Dispatcher struct {
	Store   *models.Store
	Holder  string // the node's name
	BaseURL string // links in messages
	Mail    Mailer // nil: no e-mail channel
	Push    Pusher // nil: no Web Push channel
	Chat    Poster // nil: no chat-robot channel
	// Batch sends per claim (default 20), Lease how long a claim holds
	// (default 2 minutes: well above a batch's time), MaxAttempts before
	// giving up (default 8), Backoff the wait after the nth failure
	// (default 30 s × 2ⁿ⁻¹, at most an hour).
	Batch       int
	Lease       time.Duration
	MaxAttempts int
	Backoff     func(attempt int) time.Duration
	// SendTimeout bounds one delivery and its record, which a stopping
	// node still completes (default 90 s, above each channel's own).
	SendTimeout time.Duration
}

func (d *Dispatcher) defaults() {
	if d.Batch <= 0 {
		d.Batch = 20
	}
	if d.Lease <= 0 {
		d.Lease = 2 * time.Minute
	}
	if d.MaxAttempts <= 0 {
		d.MaxAttempts = 8
	}
	if d.SendTimeout <= 0 {
		d.SendTimeout = 90 * time.Second
	}
	if d.Backoff == nil {
		d.Backoff = func(n int) time.Duration {
			if n > 8 {
				return time.Hour
			}
			return min(time.Hour, 30*time.Second<<(n-1))
		}
	}
}

// NotifyDispatch runs d every interval (GENDAN_NOTIFY_EVERY).
func NotifyDispatch(d Dispatcher, every time.Duration) Job {
	d.defaults()
	return Job{Name: NotifyJob, Every: every, Run: func(ctx context.Context, _ time.Time, log *slog.Logger) error {
		_, err := d.Pass(ctx, log)
		return err
	}}
}

// Pass claims and delivers batches until none is due (at most 50 batches,
// so other jobs get their turn), and reports how many it delivered.
func (d *Dispatcher) Pass(ctx context.Context, log *slog.Logger) (int, error) {
	d.defaults()
	sent := 0
	for range 50 {
		if ctx.Err() != nil {
			return sent, ctx.Err() // stopping: nothing more is claimed
		}
		// The claim runs to its end even when the node is stopping
		// meanwhile: cut between its update and its readback, it would
		// leave rows held that nobody gives back (they go below).
		claimCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		claimed, token, err := d.Store.ClaimSends(claimCtx, d.Holder, d.Batch, d.Lease)
		cancel()
		if err != nil {
			return sent, err
		}
		if len(claimed) == 0 {
			return sent, nil
		}
		for i := range claimed {
			if ctx.Err() != nil {
				return sent, errors.Join(ctx.Err(), d.release(ctx, token, log))
			}
			c := &claimed[i]
			// A send started is completed and recorded even when the node
			// is stopping meanwhile: cut short, its outcome would be unknown.
			work, cancel := context.WithTimeout(context.WithoutCancel(ctx), d.SendTimeout)
			out := d.deliver(work, c)
			held, err := d.Store.FinishSend(work, c.Send.ID, token, out, d.MaxAttempts, d.Backoff)
			cancel()
			if err != nil {
				return sent, err
			}
			switch {
			case !held:
				log.Warn("send claim lost before its outcome was recorded", slog.Int64("send_id", c.Send.ID))
			case out.Err == nil:
				sent++
			default:
				log.Warn("send failed", slog.Int64("send_id", c.Send.ID), slog.String("channel", c.Send.Channel),
					slog.Bool("permanent", out.Permanent), slog.Int("attempt", c.Send.Attempts+1), slog.Any("err", out.Err))
			}
		}
	}
	return sent, nil
}

// release gives the batch's unstarted sends back when the node stops.
func (d *Dispatcher) release(ctx context.Context, token string, log *slog.Logger) error {
	rel, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	n, err := d.Store.ReleaseSends(rel, token)
	if n > 0 {
		log.Info("stopping: sends given back", slog.Int64("sends", n))
	}
	return err
}

// Message renders a claimed send in its recipient's language.
func (d *Dispatcher) Message(c *models.ClaimedSend) notify.Message {
	lang := "en"
	if strings.HasPrefix(c.Locale, "zh") {
		lang = "zh-CN"
	}
	title, body := notify.Render(c.Notification.Kind, lang, notify.Subject{PONumber: c.PONumber, StyleNo: c.StyleNo,
		Actor: c.Actor, Data: c.Data})
	if n := c.Send.Batched; n > 0 {
		body += "\n" + notify.More(lang, n)
	}
	return notify.Message{ID: fmt.Sprintf("send-%d", c.Send.ID), Kind: c.Notification.Kind, Lang: lang, Title: title, Body: body,
		URL: fmt.Sprintf("%s/orders/%d", strings.TrimRight(d.BaseURL, "/"), c.Notification.OrderID)}
}

// deliver sends a claimed send through its channel's Sender, in its
// recipient's language (a robot's: the group's). A target removed meanwhile
// (a robot, a push subscription) drops the send; so does one the push
// service says is gone, which is deleted.
func (d *Dispatcher) deliver(ctx context.Context, c *models.ClaimedSend) models.SendOutcome {
	var to notify.Sender
	var subID int64
	switch {
	case c.Send.Channel == models.ChannelEmail && d.Mail != nil:
		to = d.Mail.To(c.Send.Target)
	case c.Send.Channel == models.ChannelPush && d.Push != nil:
		sub, err := d.Store.PushSubscriptionOf(ctx, c.Send.Target)
		if errors.Is(err, models.ErrNotFound) {
			return models.SendOutcome{Err: errors.New("the push subscription was removed"), Permanent: true, Gone: true}
		} else if err != nil {
			return models.SendOutcome{Err: err}
		}
		subID = sub.ID
		to = d.Push.To(webpush.Subscription{Endpoint: sub.Endpoint, P256dh: sub.P256dh, Auth: sub.Auth})
	case c.Send.Channel == models.ChannelChat && d.Chat != nil:
		r, err := d.Store.RobotAddressOf(ctx, c.Send.Target)
		if errors.Is(err, models.ErrNotFound) {
			return models.SendOutcome{Err: errors.New("the robot was removed"), Permanent: true, Gone: true}
		} else if err != nil {
			return models.SendOutcome{Err: err}
		}
		group := *c
		group.Locale = r.Language
		c = &group
		to = d.Chat.To(chat.Robot{Platform: r.Platform, Webhook: r.Webhook, Secret: r.Secret})
	default:
		return models.SendOutcome{Err: fmt.Errorf("channel %q is not configured on this node", c.Send.Channel), Permanent: true}
	}
	err := to.Send(ctx, d.Message(c))
	var p *notify.Permanent
	out := models.SendOutcome{Err: err, Permanent: errors.As(err, &p), Gone: p != nil && p.Gone}
	if out.Gone && subID != 0 {
		if derr := d.Store.DropPushSubscription(ctx, subID); derr != nil {
			return models.SendOutcome{Err: derr}
		}
	}
	return out
}

// EscalateJob names the escalation pass in logs.
const EscalateJob = "escalate"

// Escalate climbs the escalation ladder every interval on every node; the
// unique row of each step reached makes several nodes escalate once
// (models.Store.Escalate).
func Escalate(store *models.Store, every time.Duration) Job {
	return Job{Name: EscalateJob, Every: every, Run: func(ctx context.Context, now time.Time, log *slog.Logger) error {
		n, err := store.Escalate(ctx, now)
		if n > 0 {
			log.Info("escalated", slog.Int("steps", n))
		}
		return err
	}}
}

// DigestJob names the daily risk digest in logs and job_runs.
const DigestJob = "risk_digest"

// RiskDigest tells each merchandiser at 08:00 (Asia/Shanghai) what is at
// risk today: a pass every interval claims the day's run
// (models.ClaimRun), so several nodes send it once.
func RiskDigest(store *models.Store, holder string, every time.Duration) Job {
	return Job{Name: DigestJob, Every: every, Run: func(ctx context.Context, now time.Time, log *slog.Logger) error {
		loc, _ := models.LoadZone(models.DefaultTimeZone)
		if now.In(loc).Hour() < 8 {
			return nil
		}
		day := models.TodayIn(now, models.DefaultTimeZone)
		ok, err := store.ClaimRun(ctx, DigestJob, day, holder, 10*time.Minute)
		if err != nil || !ok {
			return err
		}
		n, err := store.SendRiskDigests(ctx, now)
		if err != nil {
			return err
		}
		log.Info("risk digest sent", slog.String("date", day), slog.Int("merchandisers", n))
		return store.FinishRun(ctx, DigestJob, day, holder, n)
	}}
}
