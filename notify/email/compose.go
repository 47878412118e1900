package email

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"html"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"gendan/notify"
)

// texts are the few words the channel adds itself, per language.
type texts struct {
	open   string // the link/button to m.URL
	copy   string // the fallback line before the bare URL
	footer string
}

var (
	textsZH = texts{
		open:   "查看详情",
		copy:   "如果按钮无法打开，请复制此链接到浏览器：",
		footer: "这是 Gendan 自动发送的通知邮件，请勿直接回复。",
	}
	textsEN = texts{
		open:   "Open in Gendan",
		copy:   "If the button does not work, copy this link into your browser:",
		footer: "This is an automatic notification from Gendan. Please do not reply to this e-mail.",
	}
)

func textsFor(lang string) texts {
	if strings.HasPrefix(strings.ToLower(lang), "zh") {
		return textsZH
	}
	return textsEN
}

// Compose renders m as an RFC 5322 message from from to to, dated now:
// multipart/alternative with a text/plain and an HTML part, both UTF-8 and
// quoted-printable, lines ending in CRLF.
//
// Compose cannot fail, so it neutralises what it cannot put in a header:
// CR and LF in from, to and the title become spaces. Send refuses such input
// instead of sending a mangled message. A URL that is not http(s) is left out
// rather than linked, so a javascript: URL can never become a button.
func Compose(from, to string, m notify.Message, now time.Time) []byte {
	t := textsFor(m.Lang)
	title := oneLine(m.Title)
	link := safeURL(m.URL)

	var b bytes.Buffer
	header := func(name, value string) {
		b.WriteString(name)
		b.WriteString(": ")
		b.WriteString(value)
		b.WriteString("\r\n")
	}
	header("From", formatAddress(from))
	header("To", formatAddress(to))
	b.WriteString(encodeSubject(title))
	header("Date", now.Format(time.RFC1123Z))
	header("Message-ID", MessageID(m.ID))
	header("Content-Language", language(m.Lang))
	header("MIME-Version", "1.0")
	// Auto-Submitted (RFC 3834) keeps vacation responders from answering;
	// the X- header asks the same of Exchange.
	header("Auto-Submitted", "auto-generated")
	header("X-Auto-Response-Suppress", "All")

	var parts bytes.Buffer
	mw := multipart.NewWriter(&parts)
	header("Content-Type", "multipart/alternative;\r\n boundary=\""+mw.Boundary()+"\"") // folded: the boundary is 60 characters
	b.WriteString("\r\n")

	writePart(mw, "text/plain; charset=utf-8", plainText(t, title, m.Body, link))
	writePart(mw, "text/html; charset=utf-8", htmlText(t, language(m.Lang), title, m.Body, link))
	mw.Close()
	b.Write(parts.Bytes())
	return b.Bytes()
}

// MessageID is the Message-ID Compose gives m: derived from the send id
// only, so a retried send carries the same id and the receiving side can
// recognise the duplicate. Bytes outside [A-Za-z0-9_-] are written =HH so
// that distinct ids stay distinct. An empty id gets a random one.
func MessageID(id string) string {
	if id == "" {
		var r [12]byte
		rand.Read(r[:])
		id = "r" + hex.EncodeToString(r[:])
	}
	var b strings.Builder
	b.WriteString("<")
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '_':
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "=%02X", c)
		}
	}
	b.WriteString("@gendan>")
	return b.String()
}

func writePart(mw *multipart.Writer, contentType, content string) {
	h := textproto.MIMEHeader{}
	h.Set("Content-Type", contentType)
	h.Set("Content-Transfer-Encoding", "quoted-printable")
	w, _ := mw.CreatePart(h) // writes to a bytes.Buffer: no error
	qp := quotedprintable.NewWriter(w)
	qp.Write([]byte(content)) // text mode: LF becomes CRLF
	qp.Close()
}

func plainText(t texts, title, body, link string) string {
	var b strings.Builder
	b.WriteString(title)
	b.WriteString("\n")
	if body = strings.TrimSpace(normalizeNewlines(body)); body != "" {
		b.WriteString("\n")
		b.WriteString(body)
		b.WriteString("\n")
	}
	if link != "" {
		b.WriteString("\n")
		b.WriteString(t.open)
		b.WriteString(": ")
		b.WriteString(link)
		b.WriteString("\n")
	}
	b.WriteString("\n-- \n")
	b.WriteString(t.footer)
	b.WriteString("\n")
	return b.String()
}

func htmlText(t texts, lang, title, body, link string) string {
	e := html.EscapeString
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html lang=\"" + e(lang) + "\">\n<head>\n<meta charset=\"utf-8\">\n")
	b.WriteString("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	b.WriteString("<title>" + e(title) + "</title>\n</head>\n")
	b.WriteString("<body style=\"margin:0;padding:24px;font-family:-apple-system,'PingFang SC','Microsoft YaHei',Arial,sans-serif;font-size:16px;line-height:1.5;color:#1f2328;background:#ffffff\">\n")
	b.WriteString("<h1 style=\"font-size:20px;margin:0 0 16px\">" + e(title) + "</h1>\n")
	for _, para := range strings.Split(strings.TrimSpace(normalizeNewlines(body)), "\n\n") {
		if para = strings.TrimSpace(para); para == "" {
			continue
		}
		lines := strings.Split(para, "\n")
		for i := range lines {
			lines[i] = e(lines[i])
		}
		b.WriteString("<p style=\"margin:0 0 16px\">" + strings.Join(lines, "<br>\n") + "</p>\n")
	}
	if link != "" {
		b.WriteString("<p style=\"margin:24px 0\"><a href=\"" + e(link) + "\" style=\"display:inline-block;padding:12px 24px;background:#0969da;color:#ffffff;text-decoration:none;border-radius:6px;font-weight:600\">" + e(t.open) + "</a></p>\n")
		b.WriteString("<p style=\"margin:0 0 16px;font-size:13px;color:#57606a\">" + e(t.copy) + "<br>\n<a href=\"" + e(link) + "\" style=\"color:#0969da;word-break:break-all\">" + e(link) + "</a></p>\n")
	}
	b.WriteString("<hr style=\"border:none;border-top:1px solid #d0d7de;margin:24px 0 12px\">\n")
	b.WriteString("<p style=\"margin:0;font-size:12px;color:#57606a\">" + e(t.footer) + "</p>\n")
	b.WriteString("</body>\n</html>\n")
	return b.String()
}

// safeURL returns raw if it is an absolute http(s) URL, else "".
func safeURL(raw string) string {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return ""
	}
	return raw
}

// language keeps a BCP 47 tag's characters; anything else would be a
// header-injection or a broken lang attribute.
func language(lang string) string {
	var b strings.Builder
	for _, r := range lang {
		if r == '-' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "en"
	}
	return b.String()
}

func formatAddress(s string) string {
	s = oneLine(s)
	if a, err := mail.ParseAddress(s); err == nil {
		return a.String() // encodes a non-ASCII display name
	}
	return s
}

func oneLine(s string) string {
	return strings.TrimSpace(strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ").Replace(s))
}

func normalizeNewlines(s string) string {
	return strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(s)
}

// encodeSubject returns the whole folded Subject header line. A title that
// is plain printable ASCII is folded at spaces; anything else becomes RFC
// 2047 B-encoded words, each at most 68 characters and each holding whole
// UTF-8 characters, one per line, so no line passes 78 characters.
func encodeSubject(title string) string {
	const limit = 78
	if plainASCII(title) {
		var b strings.Builder
		b.WriteString("Subject:")
		n := len("Subject:")
		for i, w := range strings.Fields(title) {
			if i > 0 && n+1+len(w) > limit {
				b.WriteString("\r\n")
				n = 0
			}
			b.WriteString(" ")
			b.WriteString(w)
			n += 1 + len(w)
		}
		b.WriteString("\r\n")
		return b.String()
	}
	const chunk = 42 // bytes of UTF-8 per word: 56 base64 characters
	var b strings.Builder
	b.WriteString("Subject:")
	for len(title) > 0 {
		n := 0
		for n < len(title) {
			_, size := utf8.DecodeRuneInString(title[n:])
			if n+size > chunk && n > 0 {
				break
			}
			n += size
		}
		if b.Len() > len("Subject:") {
			b.WriteString("\r\n")
		}
		b.WriteString(" =?utf-8?b?")
		b.WriteString(base64.StdEncoding.EncodeToString([]byte(title[:n])))
		b.WriteString("?=")
		title = title[n:]
	}
	b.WriteString("\r\n")
	return b.String()
}

// plainASCII says whether s can stand in a header as it is: printable ASCII,
// no word too long to fold, nothing a decoder would take for an encoded word.
func plainASCII(s string) bool {
	if strings.Contains(s, "=?") {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] > '~' {
			return false
		}
	}
	for _, w := range strings.Fields(s) {
		if len(w) > 70 {
			return false
		}
	}
	return true
}
