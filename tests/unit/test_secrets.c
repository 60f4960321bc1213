/* Secret detection and the line redactor used by every snippet-printing report. */
#include "testutil.h"
#include "parser/secrets.h"

static void redacts(const char *in, const char *want)
{
    cl_buf b;
    cl_buf_init(&b);
    cl_redact_line(&b, in, strlen(in));
    assert_string_equal(cl_buf_cstr(&b), want);
    cl_buf_free(&b);
}

static void test_names(void **st)
{
    (void)st;
    assert_true(cl_secret_name("DB_PASSWORD", 11, CL_SECRET_MASK));
    assert_true(cl_secret_name("api_token", 9, CL_SECRET_MASK));
    assert_true(cl_secret_name("AWS_SECRET_ACCESS_KEY", 21, CL_SECRET_MASK));
    assert_true(cl_secret_name("STRIPE_KEY", 10, CL_SECRET_MASK));
    assert_false(cl_secret_name("DB_PASSWORD_FILE", 16, CL_SECRET_MASK));
    assert_false(cl_secret_name("POSTGRES_USER", 13, CL_SECRET_MASK));
    assert_false(cl_secret_name("LOG_LEVEL", 9, CL_SECRET_MASK));
    assert_false(cl_secret_name("KEYBOARD", 8, CL_SECRET_MASK));
    /* CL208's stricter reading: whole words, switches refused */
    assert_true(cl_secret_name("STRIPE_KEY", 10, CL_SECRET_REPORT));
    assert_true(cl_secret_name("DB_PASS", 7, CL_SECRET_REPORT));
    assert_false(cl_secret_name("KEYBOARD", 8, CL_SECRET_REPORT));
    assert_false(cl_secret_name("MYSQL_ALLOW_EMPTY_PASSWORD", 26, CL_SECRET_REPORT));
    assert_false(cl_secret_name("JWT_SECRET_LENGTH", 17, CL_SECRET_REPORT));
    /* the Kubernetes converter's narrower list: no bare KEY */
    assert_true(cl_secret_name("API_KEY", 7, CL_SECRET_K8S));
    assert_false(cl_secret_name("STRIPE_KEY", 10, CL_SECRET_K8S));
}

static void test_values(void **st)
{
    (void)st;
    assert_true(cl_secret_value("postgres://u:hunter2@db/x", 25));
    assert_false(cl_secret_value("postgres://u@db/x", 17));
    assert_true(cl_secret_value("ghp_16C7e42F292c6912E7710c838347Ae178B4a", 40));
    assert_true(cl_secret_value("-----BEGIN RSA PRIVATE KEY-----", 31));
    assert_false(cl_secret_value("nginx:1.25", 10));
}

static void test_redact(void **st)
{
    (void)st;
    redacts("      DB_PASSWORD: hunter2", "      DB_PASSWORD: ****");
    redacts("      API_TOKEN: \"tok_live\" # note", "      API_TOKEN: **** # note");
    redacts("      - REDIS_PASSWORD=r3d1s", "      - REDIS_PASSWORD=****");
    redacts("    environment: {A: 1, DB_PASSWORD: x, B: 2}", "    environment: {A: 1, DB_PASSWORD: ****, B: 2}");
    redacts("      POSTGRES_PASSWORD: [inalist]", "      POSTGRES_PASSWORD: ****");
    redacts("      URL: postgres://u:pw@db/x", "      URL: ****");
    redacts("      DB_PASSWORD: ${DB_PASSWORD}", "      DB_PASSWORD: ${DB_PASSWORD}");
    redacts("      DB_PASSWORD_FILE: /run/secrets/db", "      DB_PASSWORD_FILE: /run/secrets/db");
    redacts("    image: nginx:1.25", "    image: nginx:1.25");
    redacts("      - ghp_16C7e42F292c6912E7710c838347Ae178B4a", "      - ****");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_redact),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
