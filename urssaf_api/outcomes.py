"""What a call to URSSAF came to, as the Odoo layer reports it to the user.

One name for each outcome, shared by the registration, the payment requests and their callers.
"""

#: URSSAF accepted the request.
SUCCESS = "success"
#: URSSAF refused the content: nothing to send again as it is; the data must be corrected.
REJECTED = "rejected"
#: The request may have reached URSSAF but its answer was lost: never send it again blind.
UNCERTAIN = "uncertain"
#: Nothing reached URSSAF (network, maintenance, configuration): try again later.
RETRY = "retry"
#: The local checks found problems: nothing was sent.
INVALID = "invalid"

ALL = (SUCCESS, REJECTED, UNCERTAIN, RETRY, INVALID)
