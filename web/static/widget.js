/* chat widget: see issue 5 */
