// wsl.exe for the Windows tier: a real Windows program at %SystemRoot%\System32\wsl.exe whose "distro" is this Linux machine.
// Under Wine a Windows program cannot start a Linux one (Node aborts on the job object), so this one hands its
// arguments, stdin, stdout, stderr and exit code over a loopback socket to test/windows/wslRelay.ts, which runs
// test/support/wsl-standin.mjs with them. The port is read from <its path>.relay.
//
// Wire: to the relay, one line of JSON (the arguments), then frames [kind u8][length u32 LE][bytes] with kind 0 =
// stdin bytes, 1 = stdin closed. From the relay, frames with kind 1 = stdout, 2 = stderr, 3 = exit code (i32 LE).
#include <winsock2.h>
#include <windows.h>
#include <shellapi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static SOCKET relay;

static int send_all(const char *data, int length) {
  while (length > 0) {
    int n = send(relay, data, length, 0);
    if (n <= 0) return 0;
    data += n;
    length -= n;
  }
  return 1;
}

static int recv_all(char *data, int length) {
  while (length > 0) {
    int n = recv(relay, data, length, 0);
    if (n <= 0) return 0;
    data += n;
    length -= n;
  }
  return 1;
}

static int send_frame(unsigned char kind, const char *data, unsigned int length) {
  char header[5];
  header[0] = (char)kind;
  memcpy(header + 1, &length, 4);
  return send_all(header, 5) && (length == 0 || send_all(data, (int)length));
}

/** Appends `text` (UTF-8) to `out` as a JSON string. */
static void json_string(char **out, const char *text) {
  *(*out)++ = '"';
  for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
    if (*p == '"' || *p == '\\') {
      *(*out)++ = '\\';
      *(*out)++ = (char)*p;
    } else if (*p < 0x20) {
      *out += sprintf(*out, "\\u%04x", *p);
    } else {
      *(*out)++ = (char)*p;
    }
  }
  *(*out)++ = '"';
}

static DWORD WINAPI pump_stdin(LPVOID unused) {
  (void)unused;
  HANDLE in = GetStdHandle(STD_INPUT_HANDLE);
  char buffer[65536];
  DWORD n;
  while (in != NULL && in != INVALID_HANDLE_VALUE && ReadFile(in, buffer, sizeof buffer, &n, NULL) && n > 0) {
    if (!send_frame(0, buffer, n)) return 0;
  }
  send_frame(1, NULL, 0);
  return 0;
}

int main(void) {
  char self[MAX_PATH + 16];
  DWORD n = GetModuleFileNameA(NULL, self, MAX_PATH);
  if (n == 0 || n >= MAX_PATH) return 250;
  strcat(self, ".relay");
  FILE *f = fopen(self, "r");
  int port = 0;
  if (!f || fscanf(f, "%d", &port) != 1) return 251;
  fclose(f);

  WSADATA wsa;
  if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0) return 252;
  relay = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  struct sockaddr_in addr = {0};
  addr.sin_family = AF_INET;
  addr.sin_port = htons((unsigned short)port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (relay == INVALID_SOCKET || connect(relay, (struct sockaddr *)&addr, sizeof addr) != 0) return 253;

  int argc = 0;
  LPWSTR *argv = CommandLineToArgvW(GetCommandLineW(), &argc);
  size_t room = 16;
  for (int i = 1; i < argc; i++) room += wcslen(argv[i]) * 3 * 6 + 4;
  char *json = malloc(room);
  char *out = json;
  *out++ = '[';
  for (int i = 1; i < argc; i++) {
    int bytes = WideCharToMultiByte(CP_UTF8, 0, argv[i], -1, NULL, 0, NULL, NULL);
    char *utf8 = malloc((size_t)bytes);
    WideCharToMultiByte(CP_UTF8, 0, argv[i], -1, utf8, bytes, NULL, NULL);
    if (i > 1) *out++ = ',';
    json_string(&out, utf8);
    free(utf8);
  }
  *out++ = ']';
  *out++ = '\n';
  if (!send_all(json, (int)(out - json))) return 254;

  CreateThread(NULL, 0, pump_stdin, NULL, 0, NULL);
  HANDLE std_out = GetStdHandle(STD_OUTPUT_HANDLE);
  HANDLE std_err = GetStdHandle(STD_ERROR_HANDLE);
  static char buffer[1 << 20];
  for (;;) {
    char header[5];
    if (!recv_all(header, 5)) return 255;
    unsigned int length;
    memcpy(&length, header + 1, 4);
    if (length > sizeof buffer || !recv_all(buffer, (int)length)) return 255;
    if (header[0] == 3) {
      int code;
      memcpy(&code, buffer, 4);
      ExitProcess((UINT)code);
    }
    DWORD written;
    HANDLE to = header[0] == 2 ? std_err : std_out;
    for (DWORD done = 0; done < length; done += written) {
      if (!WriteFile(to, buffer + done, length - done, &written, NULL)) break;
    }
  }
}
