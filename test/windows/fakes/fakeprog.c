// A Windows program that plays a broken or planted go.exe in the Windows tier; what it does is read from <its path>.behaviour:
//   marker FILE   creates FILE (proof that it ran) and prints a go version line
//   hang FILE     appends its Linux process id to FILE, then never ends
//   garbage       prints bytes that are no go command's output
#include <stdio.h>
#include <string.h>
#include <windows.h>

// Wine runs a Windows program's code in a Linux process and gives it no call that names that process, so ask the
// kernel (getpid is system call 39 on x86-64). Z:\proc\self is no help: Wine resolves that link once and reuses it.
static long linux_pid(void) {
  long pid;
  __asm__ volatile("syscall" : "=a"(pid) : "a"(39L) : "rcx", "r11", "memory");
  return pid;
}

static void trim(char *s) {
  size_t n = strlen(s);
  while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' ')) s[--n] = 0;
}

int main(void) {
  char self[MAX_PATH + 16];
  char line[2 * MAX_PATH] = "";
  DWORD n = GetModuleFileNameA(NULL, self, MAX_PATH);
  if (n == 0 || n >= MAX_PATH) return 3;
  strcat(self, ".behaviour");
  FILE *b = fopen(self, "r");
  if (!b) return 4;
  if (!fgets(line, sizeof line, b)) line[0] = 0;
  fclose(b);
  trim(line);
  char *arg = strchr(line, ' ');
  if (arg) *arg++ = 0;
  if (strcmp(line, "marker") == 0 && arg) {
    FILE *m = fopen(arg, "w");
    if (m) fclose(m);
    printf("go version go9.9.9 windows/amd64\n");
    return 0;
  }
  if (strcmp(line, "hang") == 0 && arg) {
    FILE *p = fopen(arg, "a");
    if (p) {
      fprintf(p, "%ld\n", linux_pid());
      fclose(p);
    }
    Sleep(INFINITE);
    return 0;
  }
  if (strcmp(line, "garbage") == 0) {
    fwrite("\001\377garbage {{{ not json\n", 1, 22, stdout);
    return 0;
  }
  return 5;
}
