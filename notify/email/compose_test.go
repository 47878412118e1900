package email

import (
	"bytes"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"strings"
	"testing"
	"time"

	"gendan/notify"
)

var (
	msgZH = notify.Message{
		ID:    "send-42",
		Kind:  "sample_submitted",
		Lang:  "zh-CN",
		Title: "样品待审批：订单 PO-2026-017 的第二版样衣",
		Body:  "工厂「宁波华美服饰」已提交样品。\n请在两天内审批。\n\n备注：颜色按潘通 19-4052。",
		URL:   "https://gendan.example.com/orders/12?tab=samples",
	}
	msgEN = notify.Message{
		ID:    "send-43",
		Kind:  "inspection_failed",
		Lang:  "en",
		Title: "Inspection failed: PO-2026-017",
		Body:  "The final inspection found 7 major defects (AQL 2.5 allows 5).\nThe factory has been asked to rework.\n.A line that starts with a dot survives SMTP dot-stuffing.",
		URL:   "https://gendan.example.com/orders/12/inspections/3",
	}
)

// parsed is a message as a mail client would see it.
type parsed struct {
	header  mail.Header
	subject string
	plain   string
	html    string
}

func parse(t *testing.T, data []byte) parsed {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("read message: %v\n%s", err, data)
	}
	var p parsed
	p.header = msg.Header
	if p.subject, err = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject")); err != nil {
		t.Fatalf("decode subject: %v", err)
	}
	mediaType, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mediaType != "multipart/alternative" {
		t.Fatalf("Content-Type %q: %v", msg.Header.Get("Content-Type"), err)
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	var types []string
	for {
		part, err := mr.NextPart() // undoes quoted-printable
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("next part: %v", err)
		}
		b, err := io.ReadAll(part)
		if err != nil {
			t.Fatalf("read part: %v", err)
		}
		ct, ctParams, _ := mime.ParseMediaType(part.Header.Get("Content-Type"))
		if ctParams["charset"] != "utf-8" {
			t.Errorf("part %s charset %q, want utf-8", ct, ctParams["charset"])
		}
		types = append(types, ct)
		text := strings.ReplaceAll(string(b), "\r\n", "\n") // MIME text is CRLF on the wire
		switch ct {
		case "text/plain":
			p.plain = text
		case "text/html":
			p.html = text
		}
	}
	// Order matters: clients show the last alternative they understand.
	if strings.Join(types, ",") != "text/plain,text/html" {
		t.Fatalf("parts %v, want text/plain then text/html", types)
	}
	return p
}

func TestComposeEscapesHTML(t *testing.T) {
	m := msgEN
	m.Title = `<script>alert("t")</script> & more`
	m.Body = "<img src=x onerror=alert(1)>\nfine"
	m.URL = `https://gendan.example.com/orders/1?a=1&b="><script>`
	p := parse(t, Compose("noreply@gendan.example.com", "a@b.example", m, time.Now()))
	if p.subject != m.Title {
		t.Errorf("subject %q", p.subject)
	}
	for _, bad := range []string{"<script>", "<img", `b="`} {
		if strings.Contains(p.html, bad) {
			t.Errorf("html part contains %q:\n%s", bad, p.html)
		}
	}
	for _, want := range []string{
		"&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt; &amp; more",
		"&lt;img src=x onerror=alert(1)&gt;<br>\nfine",
		`href="https://gendan.example.com/orders/1?a=1&amp;b=&#34;&gt;&lt;script&gt;"`,
	} {
		if !strings.Contains(p.html, want) {
			t.Errorf("html part lacks %q:\n%s", want, p.html)
		}
	}
	// The text part is not HTML: it keeps the title as written.
	if !strings.Contains(p.plain, m.Title) {
		t.Errorf("text part lacks the raw title:\n%s", p.plain)
	}
}

func TestComposeLinksOnlyHTTP(t *testing.T) {
	for _, u := range []string{"javascript:alert(1)", "/orders/12", "", "data:text/html,<b>x</b>", "ftp://x.example/"} {
		m := msgEN
		m.URL = u
		p := parse(t, Compose("noreply@gendan.example.com", "a@b.example", m, time.Now()))
		if strings.Contains(p.html, "href") || strings.Contains(p.plain, "Open in Gendan") {
			t.Errorf("URL %q was linked:\n%s", u, p.html)
		}
	}
}

func TestComposeFormat(t *testing.T) {
	m := msgZH
	// Long enough to need several encoded words, with 4-byte characters
	// that must not be split between words.
	m.Title = strings.Repeat("验货不合格😀：订单 PO-2026-017，", 6)
	m.ID = "42:web/ü.x"
	data := Compose("noreply@gendan.example.com", "a@b.example", m, time.Date(2026, 12, 3, 11, 30, 0, 0, time.FixedZone("CST", 8*3600)))
	head, _, ok := bytes.Cut(data, []byte("\r\n\r\n"))
	if !ok {
		t.Fatal("no blank line after the header")
	}
	for i, line := range strings.Split(string(data), "\r\n") {
		if len(line) > 78 {
			t.Errorf("line %d has %d characters: %q", i, len(line), line)
		}
		if strings.ContainsAny(line, "\r\n") {
			t.Errorf("line %d has a bare CR or LF: %q", i, line)
		}
		for _, c := range []byte(line) {
			if c >= 0x80 {
				t.Fatalf("line %d is not 7-bit: %q", i, line)
			}
		}
	}
	p := parse(t, data)
	if p.subject != m.Title {
		t.Errorf("subject %q, want %q", p.subject, m.Title)
	}
	if !bytes.Contains(head, []byte("\r\nDate: Thu, 03 Dec 2026 11:30:00 +0800\r\n")) {
		t.Errorf("Date header:\n%s", head)
	}
	id := p.header.Get("Message-ID")
	if id != "<42=3Aweb=2F=C3=BC=2Ex@gendan>" {
		t.Errorf("Message-ID %q", id)
	}
	if _, err := mail.ParseAddress("x" + id); err != nil { // an msg-id is addr-spec shaped
		t.Errorf("Message-ID %q does not parse: %v", id, err)
	}
	if MessageID("a.b") == MessageID("a_b") || MessageID("a=2Eb") == MessageID("a.b") {
		t.Error("distinct ids share a Message-ID")
	}
	if a, b := MessageID(""), MessageID(""); a == b || !strings.HasSuffix(a, "@gendan>") {
		t.Errorf("empty ids gave %q and %q", a, b)
	}

	// A long ASCII title folds at spaces; one word too long to fold is encoded.
	for _, title := range []string{
		strings.Repeat("Delivery rescheduled for PO-2026-017 ", 5) + "end",
		"Overdue: " + strings.Repeat("x", 120),
	} {
		m := msgEN
		m.Title = title
		data := Compose("noreply@gendan.example.com", "a@b.example", m, time.Now())
		for _, line := range strings.Split(string(data), "\r\n") {
			if len(line) > 78 {
				t.Errorf("title %q: line of %d characters: %q", title, len(line), line)
			}
		}
		if p := parse(t, data); p.subject != title {
			t.Errorf("subject %q, want %q", p.subject, title)
		}
	}

	// An ASCII title stays readable in the raw header.
	data = Compose("noreply@gendan.example.com", "a@b.example", msgEN, time.Now())
	if !bytes.Contains(data, []byte("\r\nSubject: Inspection failed: PO-2026-017\r\n")) {
		t.Errorf("ASCII subject was encoded:\n%s", data)
	}
	// Compose cannot refuse, so it flattens what Send would refuse.
	m = msgEN
	m.Title = "x\r\nBcc: victim@example.com"
	m.Lang = "en\r\nX-Evil: 1"
	data = Compose("noreply@gendan.example.com", "a@b.example\nBcc: v@example.com", m, time.Now())
	msg, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(msg.Header["Bcc"]) != 0 || len(msg.Header["X-Evil"]) != 0 {
		t.Errorf("injected headers survived:\n%s", data)
	}
}
