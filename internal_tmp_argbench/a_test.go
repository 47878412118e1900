package argbench
import ("testing";"time";"gendan/models")
func TestX(t *testing.T){ h,_:=models.HashPassword("abcdefghijk"); s:=time.Now(); for i:=0;i<5;i++{models.VerifyPassword(h,"x")}; t.Log(time.Since(s)/5) }
