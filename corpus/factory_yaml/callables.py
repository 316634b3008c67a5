"""Python callables the YAML configs of this folder name by dotted path (``factory_yaml.callables.X``).

Only their names are recorded: no task body runs while a config is parsed."""


def extract():
    return [1, 2, 3]


def double(number):
    return number * 2


def multiply(a, b):
    return a * b


def tag(number, label=False):
    return f"{number}!" if label else number


def make_batches():
    return [["a"], ["b"], ["c"]]


def consume(batch, fixed="x"):
    print(batch, fixed)


def notify(context):
    print("finished", context)


def notify_with(message, level="info"):
    def send(context):
        print(level, message, context)

    return send


def pick_branch():
    return "publish"


def is_ready():
    return True
