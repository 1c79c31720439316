#ifndef ESS_CCURL_SHIM_H
#define ESS_CCURL_SHIM_H

#include <curl/curl.h>

// curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call: one typed
// inline wrapper per argument type, written once, here.

typedef size_t (*ess_curl_data_callback)(char *data, size_t size, size_t count, void *context);

static inline CURLcode ess_curl_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode ess_curl_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode ess_curl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode ess_curl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode ess_curl_easy_setopt_callback(CURL *handle, CURLoption option, ess_curl_data_callback value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode ess_curl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode ess_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode ess_curl_easy_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value) {
    return curl_easy_getinfo(handle, info, value);
}

enum {
    ESS_CURL_ERROR_SIZE = CURL_ERROR_SIZE,
    ESS_CURL_GLOBAL_DEFAULT = CURL_GLOBAL_DEFAULT,
};

#endif
