package worker

import (
	"context"
	"crypto/ecdh"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"gendan/models"
	"gendan/models/testdb"
	"gendan/notify"
	"gendan/notify/chat"
	"gendan/notify/email"
	"gendan/notify/smtptest"
	"gendan/notify/webpush"
)

// notifyFixture is bench data with e-mail on, and a function that makes n
// factory comments, each one e-mail send to the bench merchandiser.
func notifyFixture(t *testing.T, db *models.DB) (*models.Store, *testdb.Clock, func(n int)) {
	t.Helper()
	models.SetNotifyConfig(models.NotifyConfig{Email: true})
	t.Cleanup(func() { models.SetNotifyConfig(models.NotifyConfig{}) })
	clock := testdb.NewClock()
	store := models.NewStore(db, clock, testdb.TokenKey)
	ctx := context.Background()
	if err := store.SeedBench(ctx, 4, models.TodayIn(clock.Now(), models.DefaultTimeZone)); err != nil {
		t.Fatal(err)
	}
	var o models.Order
	if err := store.Gorm().Where("status IN ?", []string{models.StatusConfirmed, models.StatusInProduction}).Order("id").First(&o).Error; err != nil {
		t.Fatal(err)
	}
	var f models.User
	if err := store.Gorm().Where("supplier_id = ? AND role = ?", o.SupplierID, models.RoleFactory).First(&f).Error; err != nil {
		t.Fatal(err)
	}
	comment := func(n int) {
		for i := range n {
			if _, err := store.CreateComment(ctx, o.ID, fmt.Sprintf("第 %d 条 update", i), nil,
				models.Uploader{UserID: f.ID, SupplierID: f.SupplierID}, models.Scope{SupplierID: f.SupplierID}); err != nil {
				t.Fatal(err)
			}
		}
	}
	return store, clock, comment
}

func sendsBy(t *testing.T, store *models.Store, status string) int64 {
	t.Helper()
	var n int64
	if err := store.Gorm().Model(&models.NotificationSend{}).Where("status = ?", status).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func mailer(sink *smtptest.Sink) *email.SMTP {
	return &email.SMTP{Host: "127.0.0.1", Port: sink.Port(), From: "gendan@test.example", Timeout: 5 * time.Second}
}

func TestDispatcherDeliversEachSendOnce(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		store, _, comment := notifyFixture(t, db)
		sink := smtptest.New(t, smtptest.Config{})
		comment(30)
		if n := sendsBy(t, store, models.SendPending); n != 30 {
			t.Fatalf("%d pending sends, want 30", n)
		}
		// Two dispatchers at once on the same sends.
		var wg sync.WaitGroup
		for _, holder := range []string{"node-a", "node-b"} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				d := Dispatcher{Store: store, Holder: holder, BaseURL: "https://gendan.test", Mail: mailer(sink), Batch: 4}
				if _, err := d.Pass(context.Background(), discard()); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		ids := sink.MessageIDs()
		if len(ids) != 30 {
			t.Fatalf("%d distinct messages, want 30", len(ids))
		}
		for id, n := range ids {
			if n != 1 {
				t.Errorf("%s delivered %d times", id, n)
			}
		}
		if n := sendsBy(t, store, models.SendSent); n != 30 {
			t.Errorf("%d sends recorded sent", n)
		}
		// The message is the merchandiser's, in their language, with the link.
		msg, _ := mail.ReadMessage(strings.NewReader(string(sink.Received()[0].Data)))
		subj, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
		if !strings.Contains(subj, "有新留言") || msg.Header.Get("Content-Language") != "zh-CN" || msg.Header.Get("To") == "" {
			t.Errorf("message headers: %v (subject %q)", msg.Header, subj)
		}
		// Nothing is left: another pass sends nothing.
		d := Dispatcher{Store: store, Holder: "node-a", Mail: mailer(sink)}
		if n, err := d.Pass(context.Background(), discard()); err != nil || n != 0 {
			t.Errorf("second pass: %d, %v", n, err)
		}
	})
}

func TestDispatcherRetriesAndGivesUp(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		store, clock, comment := notifyFixture(t, db)
		ctx := context.Background()
		// A relay that fails twice, then accepts: the send waits its backoff.
		flaky := smtptest.New(t, smtptest.Config{FailFirst: 2})
		comment(1)
		d := Dispatcher{Store: store, Holder: "n", Mail: mailer(flaky), MaxAttempts: 3,
			Backoff: func(int) time.Duration { return time.Minute }}
		pass := func(what string, want int) {
			t.Helper()
			if n, err := d.Pass(ctx, discard()); err != nil || n != want {
				t.Fatalf("%s: %d sent, %v; want %d", what, n, err, want)
			}
		}
		pass("first attempt (451)", 0)
		pass("at once again: not due", 0)
		clock.Advance(time.Minute)
		pass("second attempt (451)", 0)
		clock.Advance(time.Minute)
		pass("third attempt", 1)
		if len(flaky.Received()) != 1 || sendsBy(t, store, models.SendSent) != 1 {
			t.Fatalf("after two failures: %d mails", len(flaky.Received()))
		}
		// A relay that always fails gives up after MaxAttempts, recorded.
		down := smtptest.New(t, smtptest.Config{FailFirst: 1000})
		d.Mail = mailer(down)
		comment(1)
		for range 3 {
			if _, err := d.Pass(ctx, discard()); err != nil {
				t.Fatal(err)
			}
			clock.Advance(time.Minute)
		}
		if sendsBy(t, store, models.SendFailed) != 1 {
			t.Fatalf("failed sends: %d", sendsBy(t, store, models.SendFailed))
		}
		// A refused address fails at once.
		d.Mail = mailer(smtptest.New(t, smtptest.Config{RcptCode: 550}))
		comment(1)
		if _, err := d.Pass(ctx, discard()); err != nil {
			t.Fatal(err)
		}
		failed, err := store.FailedSends(ctx, 10)
		if err != nil || len(failed) != 2 || failed[0].Attempts != 1 || !strings.Contains(failed[0].LastError, "550") ||
			failed[1].Attempts != 3 || failed[0].Kind != models.NotifyCommentAdded {
			t.Fatalf("failed sends: %+v, %v", failed, err)
		}
	})
}

// TestDispatcherTakesOverADeadClaim: sends a node claimed and never finished
// are delivered by another once the lease passes; the dead node's late
// outcome is not recorded.
func TestDispatcherTakesOverADeadClaim(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		store, clock, comment := notifyFixture(t, db)
		ctx := context.Background()
		sink := smtptest.New(t, smtptest.Config{})
		comment(5)
		dead, token, err := store.ClaimSends(ctx, "node-dead", 3, time.Minute)
		if err != nil || len(dead) != 3 {
			t.Fatalf("claim: %d, %v", len(dead), err)
		}
		live := Dispatcher{Store: store, Holder: "node-live", Mail: mailer(sink), Lease: time.Minute}
		if n, _ := live.Pass(ctx, discard()); n != 2 {
			t.Fatalf("the live node sent %d while the claim holds, want the 2 unclaimed", n)
		}
		clock.Advance(time.Minute + time.Second)
		if n, _ := live.Pass(ctx, discard()); n != 3 {
			t.Fatalf("after the lease: %d, want 3", n)
		}
		if held, err := store.FinishSend(ctx, dead[0].Send.ID, token, models.SendOutcome{}, 8, nil); err != nil || held {
			t.Errorf("the dead node's late outcome: held %v, %v", held, err)
		}
		if ids := sink.MessageIDs(); len(ids) != 5 {
			t.Errorf("%d distinct messages, want 5", len(ids))
		}
	})
}

// stopDuring cancels the pass's context while its nth send is in flight.
type stopDuring struct {
	Mailer
	n, calls int
	stop     context.CancelFunc
}

func (m *stopDuring) To(addr string) notify.Sender {
	return notify.SenderFunc(func(ctx context.Context, msg notify.Message) error {
		if m.calls++; m.calls == m.n {
			m.stop()
		}
		return m.Mailer.To(addr).Send(ctx, msg)
	})
}

// TestDispatcherStoppedMidBatch: a node told to stop while a send is in
// flight completes and records that send, and gives the rest of its batch
// back at once: another node sends them without waiting for the lease, and
// each message arrives once.
func TestDispatcherStoppedMidBatch(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		store, _, comment := notifyFixture(t, db)
		sink := smtptest.New(t, smtptest.Config{})
		comment(6)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		stopping := Dispatcher{Store: store, Holder: "node-a", Mail: &stopDuring{Mailer: mailer(sink), n: 2, stop: cancel},
			Batch: 5, Lease: time.Hour}
		if n, err := stopping.Pass(ctx, discard()); !errors.Is(err, context.Canceled) || n != 2 {
			t.Fatalf("stopped pass: %d sent, %v; want 2 and canceled", n, err)
		}
		if got := sendsBy(t, store, models.SendSent); got != 2 || len(sink.Received()) != 2 {
			t.Fatalf("%d recorded sent, %d received; want the 2 started", got, len(sink.Received()))
		}
		var held int64
		if err := store.Gorm().Model(&models.NotificationSend{}).Where("lease_until IS NOT NULL").Count(&held).Error; err != nil || held != 0 {
			t.Fatalf("%d sends still held after the stop (%v)", held, err)
		}
		// The clock has not moved: only sends given back can be taken.
		other := Dispatcher{Store: store, Holder: "node-b", Mail: mailer(sink), Lease: time.Hour}
		if n, err := other.Pass(context.Background(), discard()); err != nil || n != 4 {
			t.Fatalf("the other node sent %d, %v; want the 4 left", n, err)
		}
		ids := sink.MessageIDs()
		for id, n := range ids {
			if n != 1 {
				t.Errorf("%s delivered %d times", id, n)
			}
		}
		if len(ids) != 6 {
			t.Errorf("%d distinct messages, want 6", len(ids))
		}
	})
}

func discard() *slog.Logger { return slog.New(slog.DiscardHandler) }

// TestDispatcherPushesAndDropsGoneSubscriptions: a notification goes to
// each browser its recipient subscribed; a subscription the push service
// answers 410 for is deleted and its send dropped, not failed.
func TestDispatcherPushesAndDropsGoneSubscriptions(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		store, _, comment := notifyFixture(t, db)
		models.SetNotifyConfig(models.NotifyConfig{Push: true})
		ctx := context.Background()
		var mu sync.Mutex
		got := map[string]int{}
		svc := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			got[r.URL.Path]++
			mu.Unlock()
			if r.Header.Get("Content-Encoding") != "aes128gcm" || !strings.HasPrefix(r.Header.Get("Authorization"), "vapid t=") {
				w.WriteHeader(400)
				return
			}
			if r.URL.Path == "/gone" {
				w.WriteHeader(http.StatusGone)
				return
			}
			w.WriteHeader(http.StatusCreated)
		}))
		defer svc.Close()
		var merch models.User
		if err := store.Gorm().Where("email = ?", "bench.merch@gendan.test").First(&merch).Error; err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{"/phone", "/gone"} {
			k, _ := ecdh.P256().GenerateKey(rand.Reader)
			auth := make([]byte, 16)
			rand.Read(auth)
			if _, _, err := store.SavePushSubscription(ctx, merch.ID, svc.URL+path,
				base64.RawURLEncoding.EncodeToString(k.PublicKey().Bytes()), base64.RawURLEncoding.EncodeToString(auth)); err != nil {
				t.Fatal(err)
			}
		}
		keys, err := webpush.GenerateKeys()
		if err != nil {
			t.Fatal(err)
		}
		comment(1)
		d := Dispatcher{Store: store, Holder: "n", Push: &webpush.Sender{Keys: keys, Subject: "mailto:ops@gendan.test", Client: svc.Client()}}
		if n, err := d.Pass(ctx, discard()); err != nil || n != 1 {
			t.Fatalf("pass: %d sent, %v", n, err)
		}
		if got["/phone"] != 1 || got["/gone"] != 1 {
			t.Errorf("push service saw %v", got)
		}
		var subs []models.PushSubscription
		store.Gorm().Find(&subs)
		if len(subs) != 1 || !strings.HasSuffix(subs[0].Endpoint, "/phone") {
			t.Errorf("subscriptions left: %+v", subs)
		}
		if sendsBy(t, store, models.SendDropped) != 1 || sendsBy(t, store, models.SendFailed) != 0 {
			t.Errorf("dropped %d, failed %d", sendsBy(t, store, models.SendDropped), sendsBy(t, store, models.SendFailed))
		}
		// The next notification goes to the one browser left.
		comment(1)
		if n, _ := d.Pass(ctx, discard()); n != 1 || got["/gone"] != 1 || got["/phone"] != 2 {
			t.Errorf("after the drop: %d sent, %v", n, got)
		}
	})
}

// TestDispatcherPostsToChatRobots: a factory's comments are posted to the
// buying team's robot in the group's language (English here, though the
// merchandiser reads Chinese), in the platform's format, with the link.
func TestDispatcherPostsToChatRobots(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		store, _, comment := notifyFixture(t, db)
		models.SetNotifyConfig(models.NotifyConfig{})
		ctx := context.Background()
		var mu sync.Mutex
		var posts []string
		sink := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			b, _ := io.ReadAll(r.Body)
			mu.Lock()
			posts = append(posts, r.URL.Path+" "+string(b))
			mu.Unlock()
			w.Write([]byte(`{"errcode":0,"errmsg":"ok","code":0}`))
		}))
		defer sink.Close()
		var admin models.User
		if err := store.Gorm().Where("email = ?", "bench.merch@gendan.test").First(&admin).Error; err != nil {
			t.Fatal(err)
		}
		if _, err := store.CreateRobot(ctx, models.RobotInput{Name: "跟单组", Platform: "wecom", Language: "en",
			Webhook: sink.URL + "/cgi-bin/webhook/send?key=team", Events: []string{models.NotifyCommentAdded}}, admin.ID); err != nil {
			t.Fatal(err)
		}
		comment(2)
		d := Dispatcher{Store: store, Holder: "n", BaseURL: "https://gendan.test", Chat: &chat.Poster{Client: sink.Client(), Loopback: true}}
		if n, err := d.Pass(ctx, discard()); err != nil || n != 2 {
			t.Fatalf("pass: %d, %v", n, err)
		}
		if len(posts) != 2 || !strings.Contains(posts[0], `"msgtype":"markdown"`) || !strings.Contains(posts[0], "new comment") ||
			!strings.Contains(posts[0], "https://gendan.test/orders/") {
			t.Fatalf("posts: %v", posts)
		}
	})
}

// TestRiskDigestOncePerDay: two nodes' digest passes on one day send one
// digest per merchandiser with orders at risk, with the counts.
func TestRiskDigestOncePerDay(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		store, clock, _ := notifyFixture(t, db)
		ctx := context.Background()
		if _, err := store.RecomputeAllRisk(ctx, clock.Now()); err != nil {
			t.Fatal(err)
		}
		var late, atRisk int64
		store.Gorm().Model(&models.Order{}).Where("risk_level = ?", "late").Count(&late)
		store.Gorm().Model(&models.Order{}).Where("risk_level = ?", "at_risk").Count(&atRisk)
		if late+atRisk == 0 {
			t.Skip("the bench data has no order at risk today")
		}
		for _, holder := range []string{"node-a", "node-b", "node-a"} {
			if err := RiskDigest(store, holder, time.Minute).Run(ctx, clock.Now(), discard()); err != nil {
				t.Fatal(err)
			}
		}
		var ns []models.Notification
		store.Gorm().Where("kind = ?", models.NotifyRiskDigest).Find(&ns)
		if len(ns) != 1 {
			t.Fatalf("%d digests, want one for the bench merchandiser", len(ns))
		}
		if !strings.Contains(ns[0].Data, fmt.Sprintf(`"late":%d`, late)) {
			t.Errorf("digest data %s; %d late, %d at risk", ns[0].Data, late, atRisk)
		}
	})
}

// TestSimilarNotificationsAreBatched: ten comments on one order in a
// minute reach the merchandiser's inbox as two e-mails — the first at once,
// the other nine folded into one at the end of the hour, which says so.
func TestSimilarNotificationsAreBatched(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		store, clock, comment := notifyFixture(t, db)
		models.SetNotifyConfig(models.NotifyConfig{Email: true, Batch: time.Hour})
		ctx := context.Background()
		sink := smtptest.New(t, smtptest.Config{})
		d := Dispatcher{Store: store, Holder: "n", Mail: mailer(sink)}
		comment(1)
		if n, _ := d.Pass(ctx, discard()); n != 1 {
			t.Fatalf("the first comment: %d sent", n)
		}
		comment(9)
		if n, _ := d.Pass(ctx, discard()); n != 0 {
			t.Fatalf("within the hour: %d sent, want none yet", n)
		}
		var waiting []models.NotificationSend
		store.Gorm().Where("status = ?", models.SendPending).Find(&waiting)
		if len(waiting) != 1 || waiting[0].Batched != 8 {
			t.Fatalf("waiting: %+v", waiting)
		}
		clock.Advance(time.Hour)
		if n, _ := d.Pass(ctx, discard()); n != 1 {
			t.Fatalf("at the end of the hour: %d sent", n)
		}
		mails := sink.Received()
		if len(mails) != 2 || !strings.Contains(string(mails[1].Data), "8") {
			t.Fatalf("%d mails", len(mails))
		}
		msg, _ := mail.ReadMessage(strings.NewReader(string(mails[1].Data)))
		body, _ := io.ReadAll(msg.Body)
		if !strings.Contains(string(body), "=E5=8F=A6=E6=9C=89 8") && !strings.Contains(string(body), "另有 8 条") {
			t.Errorf("the folded message does not say how many: %s", body)
		}
	})
}
